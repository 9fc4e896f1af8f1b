/**
 * Word lists for realistic, fictional seed customers: names, companies, places, meters.
 * Surname weights roughly follow their frequency in China (王/李/张 ≈ 7 % each), so a name search for
 * "张" returns many rows and one for "龚" few, as in a real archive.
 */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72], ['李', 72], ['张', 69], ['刘', 54], ['陈', 46], ['杨', 32], ['黄', 24], ['赵', 23], ['吴', 21],
  ['周', 20], ['徐', 17], ['孙', 15], ['马', 14], ['朱', 13], ['胡', 13], ['郭', 12], ['何', 12], ['林', 11],
  ['高', 11], ['罗', 10], ['郑', 10], ['梁', 9], ['谢', 8], ['宋', 7], ['唐', 7], ['许', 7], ['韩', 6],
  ['冯', 6], ['邓', 6], ['曹', 6], ['彭', 6], ['曾', 6], ['肖', 5], ['田', 5], ['董', 5], ['袁', 5], ['潘', 5],
  ['于', 5], ['蒋', 5], ['蔡', 5], ['余', 5], ['杜', 4], ['叶', 4], ['程', 4], ['苏', 4], ['魏', 4], ['吕', 4],
  ['丁', 4], ['任', 4], ['沈', 4], ['姚', 3], ['卢', 3], ['姜', 3], ['崔', 3], ['钟', 3], ['谭', 3], ['陆', 3],
  ['汪', 3], ['范', 3], ['金', 3], ['石', 3], ['廖', 3], ['贾', 3], ['夏', 3], ['韦', 3], ['方', 3], ['白', 2],
  ['邹', 2], ['孟', 2], ['熊', 2], ['秦', 2], ['邱', 2], ['江', 2], ['尹', 2], ['薛', 2], ['段', 2], ['雷', 2],
  ['侯', 2], ['龙', 2], ['史', 2], ['陶', 2], ['黎', 2], ['贺', 2], ['顾', 2], ['毛', 2], ['郝', 1], ['龚', 1],
  ['邵', 1], ['万', 1], ['钱', 1], ['严', 1], ['武', 1], ['戴', 1], ['莫', 1], ['孔', 1], ['汤', 1], ['欧阳', 1],
];

/** Characters used in given names; a given name is one or two of them. */
export const GIVEN_NAME_CHARS: readonly string[] = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国志红玉兰秀文辉斌鹏飞宇浩俊峰波亮健林海燕萍',
  ...'婷雪梅琳晶欣佳颖慧倩丹宁凯晨阳鑫磊龙云春荣彬成德福贵祥瑞新立永东南江山水金玲凤霞晓莉琴',
];

/** Trade names (字号) of companies and shops. */
export const TRADE_NAMES: readonly string[] = [
  '宏达', '兴旺', '永盛', '鑫源', '恒通', '华丰', '金鼎', '瑞祥', '新世纪', '天成', '广源', '东方', '利民', '万和',
  '长城', '明珠', '宏远', '富康', '聚鑫', '隆昌', '嘉禾', '亿佳', '振华', '建业', '顺发', '安泰', '德胜', '通达',
];

/** 低压非居民 (一般工商业): small businesses; `{t}` is a trade name, `{s}` a surname. */
export const SMALL_BUSINESS_PATTERNS: readonly string[] = [
  '{t}超市', '{s}记便利店', '{t}餐馆', '{t}五金店', '{t}汽车修理厂', '{t}农家乐', '{t}宾馆', '{t}服装店',
  '{t}建材经营部', '{t}药房', '{t}门窗加工厂', '{t}食品加工坊', '{v}村民委员会', '{t}幼儿园', '{t}通信营业部',
];

/** 低压非居民 (农业生产): farms and co-operatives. */
export const FARM_PATTERNS: readonly string[] = [
  '{s}氏家庭农场', '{v}水稻种植专业合作社', '{t}生猪养殖场', '{v}茶叶专业合作社', '{t}水产养殖场', '{v}灌溉泵站',
];

/** 高压 customers: industry and institutions; `{c}` is the county short name (e.g. 江北县). */
export const LARGE_CUSTOMER_PATTERNS: readonly string[] = [
  '{c}{t}纺织有限公司', '{c}{t}化工有限公司', '{c}{t}水泥有限公司', '{c}{t}机械制造有限公司', '{c}{t}医院',
  '{c}{t}铸造有限公司', '{c}{t}食品有限公司', '{c}{t}水务有限公司', '{c}{t}房地产开发有限公司', '{c}{t}钢铁有限公司',
  '{c}{t}新材料科技有限公司', '{c}{t}实验学校', '{c}{t}商贸城', '{c}{t}大酒店', '{c}{t}电子有限公司',
];

export const ROADS: readonly string[] = [
  '人民路', '解放路', '建设路', '中山路', '文化路', '新华路', '胜利路', '和平路', '朝阳路', '滨江路', '府前街',
  '健康路', '车站路', '工业大道', '环城北路', '学府路', '迎宾大道', '青年路', '育才路', '光明路',
];

/** Residential compounds (小区) of the urban stations. */
export const COMPOUND_WORDS: readonly string[] = [
  '幸福', '阳光', '锦绣', '金色', '翠苑', '香樟', '丽景', '滨江', '紫荆', '书香', '春晖', '御景', '盛世', '康乐',
  '东湖', '明珠', '怡和', '桂花', '碧水', '世纪',
];
export const COMPOUND_SUFFIXES: readonly string[] = ['小区', '花园', '家园', '新村', '公寓', '苑'];

/** Syllables for village (村) and township (乡) names. */
export const PLACE_FIRST: readonly string[] = [...'白石黄桥东西南北上下大小新旧青红金柳杨李王张高马龙凤梅竹松'];
export const PLACE_SECOND: readonly string[] = [...'溪岭坑塘湾岗坪山口桥庄源田坞洋岙垟埠头圩'];

export const METER_MAKERS: readonly (readonly [string, string])[] = [
  ['威胜集团', '101'], ['林洋能源', '102'], ['炬华科技', '103'], ['许继电气', '104'], ['宁波三星', '105'],
  ['华立科技', '106'], ['万胜智能', '107'],
];
export const SINGLE_PHASE_MODELS: readonly string[] = ['DDZY1193', 'DDZY285', 'DDZY71', 'DDZY1886', 'DDZY102'];
export const THREE_PHASE_MODELS: readonly string[] = ['DTZY1193', 'DTZY285', 'DTZY71', 'DTZY341', 'DTZY1886'];
export const HV_METER_MODELS: readonly string[] = ['DSZY1193', 'DSZY285', 'DTZY341', 'DSSD331'];

/** Mobile prefixes (号段) of the three carriers. */
export const MOBILE_PREFIXES: readonly string[] = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156',
  '157', '158', '159', '166', '173', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '199',
];

/** 公变 capacities (kVA) of distribution transformers. */
export const TRANSFORMER_KVA: readonly number[] = [100, 200, 315, 400, 500, 630, 800];
