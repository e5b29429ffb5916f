// A child's family circumstances and the guardian rows that follow from them, drawn at rates
// close to those in the bureau reports (DOMAIN 1): left-behind ≈15%, single-parent ≈5%, orphans
// ≈0.2%, de-facto unsupported ≈0.3%.

import { idCheckDigit } from '../../domain/index.ts';
import { dayNumber, isoOfDay } from './dates.ts';
import { type Generation, personName, type Sex, surname } from './names.ts';
import type { Random } from './random.ts';

export type Situation = 'orphan' | 'unsupported' | 'single_parent' | 'left_behind' | 'ordinary';

export interface Family {
  situation: Situation;
  /** Single-parent children whose only parent works away are left-behind too. */
  leftBehind: boolean;
  /** Who looks after a left-behind child (农村留守儿童登记表 监护类型). */
  guardianship: 'grandparents' | 'entrusted' | null;
}

export interface GuardianDraft {
  name: string;
  relation: string;
  phone: string | null;
  idNumber: string | null;
  workingAway: boolean;
  workPlace: string | null;
}

const WORK_PLACES = [
  '浙江省杭州市',
  '江苏省苏州市',
  '上海市',
  '浙江省宁波市',
  '江苏省南京市',
  '浙江省湖州市',
  '江苏省无锡市',
  '浙江省嘉兴市',
  '江苏省常州市',
  '安徽省合肥市',
  '广东省深圳市',
  '广东省东莞市',
  '浙江省金华市',
  '福建省厦门市',
] as const;

export function drawFamily(random: Random, rural: boolean): Family {
  const r = random.next();
  if (r < 0.002) return { situation: 'orphan', leftBehind: false, guardianship: null };
  if (r < 0.005) return { situation: 'unsupported', leftBehind: false, guardianship: null };
  if (r < 0.055) {
    const away = random.chance(0.25);
    return { situation: 'single_parent', leftBehind: away, guardianship: away ? 'grandparents' : null };
  }
  if (random.chance(rural ? 0.2 : 0.09)) {
    return {
      situation: 'left_behind',
      leftBehind: true,
      guardianship: random.chance(0.88) ? 'grandparents' : 'entrusted',
    };
  }
  return { situation: 'ordinary', leftBehind: false, guardianship: null };
}

export function phoneNumber(random: Random): string {
  const second = random.pick(['3', '5', '8']);
  let digits = `1${second}${random.int(0, 9)}`;
  for (let i = 0; i < 8; i++) digits += String(random.int(0, 9));
  return digits;
}

/** An adult's resident ID (18 digits, or for some older people the first-generation 15). */
export function adultIdNumber(
  random: Random,
  region: string,
  birthYear: number,
  sex: Sex,
  old: boolean,
): string {
  const start = dayNumber(`${birthYear}-01-01`);
  const birth = isoOfDay(start + random.int(0, 364)).replaceAll('-', '');
  const sequence = random.int(0, 499) * 2 + (sex === 'male' ? 1 : 0);
  const seq = String(sequence).padStart(3, '0');
  if (old) return `${region}${birth.slice(2)}${seq}`;
  const first17 = `${region}${birth}${seq}`;
  return first17 + idCheckDigit(first17);
}

interface Person {
  generation: Generation;
  sex: Sex;
  relation: string;
  family?: string;
}

export function guardiansOf(
  random: Random,
  family: Family,
  childSurname: string,
  childBirthYear: number,
  countyCode: string,
): GuardianDraft[] {
  const motherSurname = surname(random);
  const father: Person = { generation: 'parent', sex: 'male', relation: 'father', family: childSurname };
  const mother: Person = { generation: 'parent', sex: 'female', relation: 'mother', family: motherSurname };
  const grandfather: Person = {
    generation: 'grandparent',
    sex: 'male',
    relation: 'grandfather',
    family: childSurname,
  };
  const grandmother: Person = { generation: 'grandparent', sex: 'female', relation: 'grandmother' };
  const maternalGrandmother: Person = {
    generation: 'grandparent',
    sex: 'female',
    relation: 'maternal_grandmother',
  };
  const relative: Person = {
    generation: 'parent',
    sex: random.chance(0.5) ? 'male' : 'female',
    relation: 'other_relative',
  };
  const entrusted: Person = { generation: 'parent', sex: 'female', relation: 'entrusted' };
  const oneGrandparent = () => random.pick([grandmother, grandmother, grandfather, maternalGrandmother]);

  const away = new Set<Person>();
  let people: Person[];
  switch (family.situation) {
    case 'orphan': {
      const g = random.next();
      people = g < 0.6 ? [grandfather, grandmother] : g < 0.85 ? [oneGrandparent()] : [relative];
      break;
    }
    case 'unsupported':
      people = random.chance(0.5) ? [grandfather, grandmother] : [oneGrandparent()];
      break;
    case 'single_parent': {
      const parent = random.chance(0.65) ? mother : father;
      people = family.leftBehind ? [parent, oneGrandparent()] : [parent];
      if (family.leftBehind) away.add(parent);
      break;
    }
    case 'left_behind':
      // Both parents work away: their work places and phones, and the caretaker at home.
      people = [father, mother, family.guardianship === 'entrusted' ? entrusted : oneGrandparent()];
      away.add(father);
      away.add(mother);
      break;
    default: {
      const g = random.next();
      people = g < 0.8 ? [father, mother] : g < 0.92 ? [mother] : [father];
    }
  }

  return people.map((person) => {
    const old = person.generation === 'grandparent';
    const ageGap = old ? random.int(48, 65) : random.int(22, 38);
    const workingAway = away.has(person);
    return {
      name: personName(random, person.generation, person.sex, person.family),
      relation: person.relation,
      phone: random.chance(old ? 0.85 : 0.97) ? phoneNumber(random) : null,
      idNumber: random.chance(0.6)
        ? adultIdNumber(random, countyCode, childBirthYear - ageGap, person.sex, old && random.chance(0.25))
        : null,
      workingAway,
      workPlace: workingAway ? random.pick(WORK_PLACES) : null,
    };
  });
}
