const SCHOOL_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

/** The school-local calendar date (China has one time zone) of an instant, as YYYY-MM-DD. */
export function schoolDate(instant: Date): string {
  return SCHOOL_DATE.format(instant);
}
