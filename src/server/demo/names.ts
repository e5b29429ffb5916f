// Synthetic Chinese names: a surname drawn by its approximate national frequency (per cent,
// rounded from published census tallies, with the surnames common in southern Anhui — 汪, 胡,
// 程, 章, 方, 詹 — given a little extra weight), then one or two given-name characters from
// lists typical of each generation. No real person's name is used or looked up.

import { nameInitials, namePinyin } from '../../domain/index.ts';
import { type Random, Weighted } from './random.ts';

const SURNAME_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['王', 7.1],
  ['李', 7.0],
  ['张', 6.7],
  ['刘', 5.4],
  ['陈', 4.6],
  ['杨', 3.1],
  ['黄', 2.3],
  ['赵', 2.2],
  ['吴', 2.0],
  ['周', 1.9],
  ['徐', 1.5],
  ['孙', 1.4],
  ['马', 1.3],
  ['朱', 1.3],
  ['胡', 1.6],
  ['郭', 1.1],
  ['何', 1.1],
  ['高', 1.0],
  ['林', 1.0],
  ['罗', 0.9],
  ['郑', 0.8],
  ['梁', 0.7],
  ['谢', 0.7],
  ['宋', 0.6],
  ['唐', 0.6],
  ['许', 0.6],
  ['韩', 0.5],
  ['冯', 0.5],
  ['邓', 0.5],
  ['曹', 0.5],
  ['彭', 0.5],
  ['曾', 0.4],
  ['肖', 0.4],
  ['田', 0.4],
  ['董', 0.4],
  ['袁', 0.4],
  ['潘', 0.4],
  ['于', 0.35],
  ['蒋', 0.35],
  ['蔡', 0.35],
  ['余', 0.35],
  ['杜', 0.3],
  ['叶', 0.3],
  ['程', 0.5],
  ['苏', 0.3],
  ['魏', 0.3],
  ['吕', 0.3],
  ['丁', 0.3],
  ['任', 0.3],
  ['沈', 0.3],
  ['姚', 0.3],
  ['卢', 0.3],
  ['姜', 0.25],
  ['崔', 0.2],
  ['钟', 0.25],
  ['谭', 0.25],
  ['陆', 0.25],
  ['汪', 0.8],
  ['范', 0.25],
  ['金', 0.2],
  ['石', 0.2],
  ['廖', 0.2],
  ['贾', 0.2],
  ['夏', 0.25],
  ['韦', 0.15],
  ['付', 0.2],
  ['方', 0.4],
  ['白', 0.2],
  ['邹', 0.2],
  ['孟', 0.2],
  ['熊', 0.2],
  ['秦', 0.2],
  ['邱', 0.2],
  ['江', 0.25],
  ['尹', 0.15],
  ['薛', 0.15],
  ['段', 0.15],
  ['雷', 0.15],
  ['侯', 0.15],
  ['龙', 0.1],
  ['史', 0.15],
  ['陶', 0.2],
  ['黎', 0.1],
  ['贺', 0.12],
  ['顾', 0.12],
  ['毛', 0.12],
  ['郝', 0.1],
  ['龚', 0.12],
  ['邵', 0.12],
  ['万', 0.12],
  ['钱', 0.12],
  ['严', 0.12],
  ['武', 0.1],
  ['戴', 0.15],
  ['孔', 0.1],
  ['汤', 0.15],
  ['章', 0.3],
  ['詹', 0.15],
  ['查', 0.05],
  ['欧阳', 0.03],
  ['诸葛', 0.01],
];

export const SURNAMES = new Weighted(SURNAME_WEIGHTS);

const chars = (text: string) => [...text];

// Given-name characters by generation and sex: children born in the 2010s, their parents
// (born 1975–1995) and grandparents (born 1945–1970).
const GIVEN = {
  child: {
    male: chars(
      '子梓浩宇轩涵睿晨泽博文明辰逸嘉铭昊天瑞凯俊杰航宸煜锦程旭阳一诺思远皓然奕言承恩家乐毅鹏飞志豪鑫磊翔彬',
    ),
    female: chars(
      '欣怡涵梓萱彤妍悦可馨甜梦瑶雅玥诗语若紫依清艺安心雨佳琪思婷静雪晓一诺子钰媛婉月楠曦沐芷柔菲',
    ),
  },
  parent: {
    male: chars('伟强军勇杰涛斌超明刚平辉鹏华飞建国林峰海波亮俊磊春生文武东兵'),
    female: chars('芳娟敏静丽艳霞燕红玲梅琴萍英慧莉婷娜琳雪兰凤翠云洁丹'),
  },
  grandparent: {
    male: chars('国华建德明福林春生金根长水发祥荣富贵宝山德忠义仁有才'),
    female: chars('秀英桂兰玉凤珍花梅菊香翠芝金彩云凤娥素琴淑'),
  },
} as const;

export type Generation = keyof typeof GIVEN;
export type Sex = 'male' | 'female';

export function surname(random: Random): string {
  return SURNAMES.pick(random);
}

/** One or two given-name characters typical of the generation. */
export function givenName(random: Random, generation: Generation, sex: Sex): string {
  const pool = GIVEN[generation][sex];
  const first = random.pick(pool);
  if (random.chance(generation === 'child' ? 0.15 : 0.3)) return first;
  let second = random.pick(pool);
  // A doubled character (婷婷, 欢欢) is common for girls only; otherwise draw again once.
  if (second === first && !(sex === 'female' && generation === 'child')) second = random.pick(pool);
  return first + second;
}

/** A full name; `family` keeps a surname (a father's child), otherwise one is drawn. */
export function personName(random: Random, generation: Generation, sex: Sex, family?: string): string {
  const given = givenName(random, generation, sex);
  return (family ?? surname(random)) + given;
}

/**
 * nameInitials / namePinyin of the domain for a surname + given name, fast. The domain reads the
 * surname, then the given name on its own — except where the surname and the next character
 * make a dictionary word (沈思 reads as 沉思 chénsī). So results are composed from memoized parts
 * (the surname; the given name after a neutral surname), and each surname + first-character
 * pair is checked once against the domain: where composing would differ, whole names are used.
 * demo.test.ts compares every generated child with the domain functions.
 */
export class PinyinCache {
  private readonly surnames = new Map<string, readonly [string, string]>();
  private readonly givens = new Map<string, readonly [string, string]>();
  private readonly pairSafe = new Map<string, boolean>();
  private readonly whole = new Map<string, readonly [string, string]>();

  private domain(name: string): readonly [string, string] {
    let entry = this.whole.get(name);
    if (!entry) {
      entry = [nameInitials(name), namePinyin(name)];
      this.whole.set(name, entry);
    }
    return entry;
  }

  private composed(family: string, given: string): readonly [string, string] {
    let head = this.surnames.get(family);
    if (!head) {
      head = [nameInitials(family), namePinyin(family)];
      this.surnames.set(family, head);
    }
    let tail = this.givens.get(given);
    if (!tail) {
      const probe = `王${given}`;
      tail = [nameInitials(probe).slice(1), namePinyin(probe).slice(4)];
      this.givens.set(given, tail);
    }
    return [head[0] + tail[0], head[1] + tail[1]];
  }

  of(family: string, given: string): readonly [initials: string, pinyin: string] {
    const pair = family + given.charAt(0);
    let safe = this.pairSafe.get(pair);
    if (safe === undefined) {
      const [initials, pinyin] = this.composed(family, given.charAt(0));
      const [wantInitials, wantPinyin] = this.domain(pair);
      safe = initials === wantInitials && pinyin === wantPinyin;
      this.pairSafe.set(pair, safe);
    }
    return safe ? this.composed(family, given) : this.domain(family + given);
  }
}
