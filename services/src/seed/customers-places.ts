/**
 * The territory of each 供电所 for the seed: towns, residential compounds or villages, the public
 * transformer areas (公变台区) serving them, and the meter-reading sections (抄表段) that group 台区.
 */
import type { OrgUnitSeed } from './org-tree.ts';
import type { Random } from './customers-random.ts';
import {
  COMPOUND_SUFFIXES,
  COMPOUND_WORDS,
  PLACE_FIRST,
  PLACE_SECOND,
  ROADS,
  TRANSFORMER_KVA,
} from './customers-vocabulary.ts';

export interface TgRow {
  tgId: string;
  tgName: string;
  /** 公变 public transformer / 专变 a customer's own transformer */
  tgType: '公变' | '专变';
  capacityKva: number;
  orgUnitCode: string;
}

export interface MrSectRow {
  mrSectNo: string;
  mrSectName: string;
  /** 抄表例日: day of month the section is read */
  mrDay: number;
  orgUnitCode: string;
}

/** Where the customers of one public 台区 live. */
export interface Place {
  town: string;
  /** Urban: a residential compound on a road; rural: a village. */
  kind: 'compound' | 'village';
  name: string;
  road: string;
  roadNo: number;
}

export interface PublicTg {
  row: TgRow;
  place: Place;
  mrSectNo: string;
}

export interface StationTerritory {
  /** e.g. 江北县 */
  county: string;
  towns: readonly string[];
  publicTgs: readonly PublicTg[];
  mrSects: readonly MrSectRow[];
  /** The 抄表段 of the station's high-voltage (专变) customers, read on day 1. */
  hvMrSectNo: string;
}

/** Customers per public transformer area on average; a real 公变 serves about 50 to 300 households. */
const CUSTOMERS_PER_TG = 180;
const MIN_TGS_PER_STATION = 20;
const TGS_PER_MR_SECT = 6;

/** 江北县供电公司 → 江北县; 江北城关供电所 (in 江北县) → 城关. */
export function countyName(county: OrgUnitSeed): string {
  return county.name.replace(/供电公司$/, '');
}

function stationArea(station: OrgUnitSeed, county: string): string {
  const short = county.replace(/[县市区]$/, '');
  return station.name.replace(short, '').replace(/供电所$/, '');
}

function mainTown(area: string): string {
  return area.endsWith('区') ? `${area}街道` : `${area}镇`;
}

/** Distinct names from a fixed list; after it is used up, numbered phases (二期, 三期 …) keep them distinct. */
function distinctName(base: readonly string[], index: number, phaseSuffix: (round: number) => string): string {
  const name = base[index % base.length] ?? '';
  const round = Math.floor(index / base.length);
  return round === 0 ? name : `${name}${phaseSuffix(round)}`;
}

function shuffled<T>(items: readonly T[], rng: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const CHINESE_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const phase = (round: number): string => `${CHINESE_DIGITS[round + 1] ?? String(round + 1)}期`;

function makePlaces(station: OrgUnitSeed, towns: readonly string[], count: number, rng: Random): Place[] {
  if (station.urban) {
    const compounds = shuffled(COMPOUND_WORDS.flatMap((w) => COMPOUND_SUFFIXES.map((s) => w + s)), rng);
    return Array.from({ length: count }, (_, i) => ({
      town: rng.pick(towns),
      kind: 'compound' as const,
      name: distinctName(compounds, i, phase),
      road: rng.pick(ROADS),
      roadNo: rng.int(1, 400),
    }));
  }
  const villages = shuffled(PLACE_FIRST.flatMap((a) => PLACE_SECOND.map((b) => `${a}${b}村`)), rng);
  return Array.from({ length: count }, (_, i) => ({
    town: rng.pick(towns),
    kind: 'village' as const,
    name: distinctName(villages, i, (round) => `${round + 1}`).replace(/村(\d+)$/, '$1村'),
    road: rng.pick(ROADS),
    roadNo: rng.int(1, 200),
  }));
}

function tgName(place: Place, nth: number): string {
  return place.kind === 'compound' ? `${place.name}${nth}#公变` : `${place.town}${place.name}${nth}号台区`;
}

/** Plans the territory of one station serving `customers` customers. */
export function planTerritory(
  station: OrgUnitSeed,
  county: OrgUnitSeed,
  customers: number,
  rng: Random,
): StationTerritory {
  const countyLabel = countyName(county);
  const area = stationArea(station, countyLabel);
  const extraTowns = station.urban ? [] : [0, 1].map(() => `${rng.pick(PLACE_FIRST)}${rng.pick(PLACE_SECOND)}乡`);
  const towns = [mainTown(area), ...new Set(extraTowns)];
  const tgCount = Math.max(MIN_TGS_PER_STATION, Math.round((customers / CUSTOMERS_PER_TG) * (0.9 + rng.next() * 0.2)));
  const places = makePlaces(station, towns, Math.ceil(tgCount / 2), rng);

  const mrSects: MrSectRow[] = [];
  const sectNo = (seq: number): string => `${station.code.slice(5)}${String(seq).padStart(6, '0')}`;
  const publicTgs: PublicTg[] = [];
  for (let i = 0, placeIndex = 0; i < tgCount; placeIndex += 1) {
    const place = places[placeIndex % places.length] as Place;
    const perPlace = Math.min(rng.int(1, 3), tgCount - i);
    for (let nth = 1; nth <= perPlace; nth += 1, i += 1) {
      if (i % TGS_PER_MR_SECT === 0) {
        const seq = mrSects.length + 1;
        mrSects.push({ mrSectNo: sectNo(seq), mrSectName: `${area}${seq}号抄表段`, mrDay: rng.int(2, 25), orgUnitCode: station.code });
      }
      const row: TgRow = {
        tgId: `${station.code}${String(i + 1).padStart(5, '0')}`,
        tgName: tgName(place, nth + Math.floor(placeIndex / places.length) * 3),
        tgType: '公变',
        capacityKva: rng.pick(TRANSFORMER_KVA),
        orgUnitCode: station.code,
      };
      publicTgs.push({ row, place, mrSectNo: (mrSects[mrSects.length - 1] as MrSectRow).mrSectNo });
    }
  }
  const hvMrSectNo = sectNo(mrSects.length + 1);
  mrSects.push({ mrSectNo: hvMrSectNo, mrSectName: `${area}高压专变抄表段`, mrDay: 1, orgUnitCode: station.code });
  return { county: countyLabel, towns, publicTgs, mrSects, hvMrSectNo };
}

/** What the generator plans for one 供电所: its 户号 prefix, share of customers and territory. */
export interface StationPlan {
  station: OrgUnitSeed;
  index: number;
  consPrefix: string;
  orgPath: string;
  customers: number;
  territory: StationTerritory;
}
