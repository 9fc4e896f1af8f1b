// Word lists for realistic-looking, fictional customers (names, places, equipment). Nothing here is real data.

/** Common surnames, most frequent first (the generator favours the head of the list). */
export const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金',
] as const;

export const GIVEN_NAME_CHARS = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚',
  '桂英', '秀英', '秀兰', '玉兰', '建华', '建国', '志强', '国强', '海燕', '春梅', '晓东', '文华', '德明', '红梅', '永红',
  '子涵', '浩然', '雨婷', '思远', '欣怡', '宇', '鹏', '辉', '斌', '琳', '婷', '凯', '瑶', '峰', '波',
] as const;

/** For 低压非居民 / 高压 customers: enterprise names. */
export const COMPANY_WORDS = ['恒达', '宏盛', '江源', '鑫泰', '华新', '永昌', '瑞丰', '金桥', '东升', '天成', '青禾', '明远'] as const;
export const COMPANY_KINDS = {
  small: ['超市', '餐饮店', '五金店', '药房', '农资经营部', '汽车修理厂', '农家乐', '幼儿园'],
  large: ['机械制造有限公司', '纺织有限公司', '水泥有限公司', '食品有限公司', '化工有限公司', '新材料科技有限公司'],
} as const;

export interface StationPlace {
  code: string;
  name: string;
  county: string;
  town: string;
  urban: boolean;
}

/** The 供电所 of the demo org tree (services/src/seed/org-tree.ts), with the town each one serves. */
export const STATIONS: readonly StationPlace[] = [
  { code: '334010101', name: '江北城关供电所', county: '江北县', town: '城关镇', urban: true },
  { code: '334010102', name: '江北河口供电所', county: '江北县', town: '河口镇', urban: false },
  { code: '334010103', name: '江北新桥供电所', county: '江北县', town: '新桥镇', urban: false },
  { code: '334010201', name: '临川城区供电所', county: '临川县', town: '城区街道', urban: true },
  { code: '334010202', name: '临川白沙供电所', county: '临川县', town: '白沙镇', urban: false },
  { code: '334010301', name: '青山城关供电所', county: '青山县', town: '城关镇', urban: true },
  { code: '334010302', name: '青山石门供电所', county: '青山县', town: '石门镇', urban: false },
  { code: '334010303', name: '青山梅岭供电所', county: '青山县', town: '梅岭镇', urban: false },
];

export const ROADS = ['人民路', '解放路', '建设路', '中山路', '新华路', '文化路', '胜利路', '和平路', '东风路', '滨江路'] as const;
export const VILLAGES = ['杨家', '石桥', '大塘', '柳树', '上湾', '枫林', '桃源', '下洋', '中坪', '高岭'] as const;
export const MOBILE_PREFIXES = ['130', '133', '135', '136', '138', '139', '150', '151', '158', '159', '177', '180', '186', '187', '189', '199'] as const;

export const METER_MAKERS = ['威胜集团', '宁波三星医疗', '华立科技', '江苏林洋能源', '许继电气', '杭州炬华科技'] as const;
/** 单相 (single-phase) and 三相 (three-phase) smart meter model families. */
export const METER_MODELS = {
  single: ['DDZY719-Z', 'DDZY1710-Z', 'DDZY285-Z'],
  three: ['DTZY719-Z', 'DTZY1710-Z', 'DSZY719-Z'],
} as const;
