//! Dates as the paper prints them: 2022年9月22日 星期四, and the lunar date.

use chrono::{Datelike, NaiveDate, Weekday};
use std::sync::{Mutex, PoisonError};

use tyme4rs::tyme::solar::SolarDay;

/// The Gregorian date with its weekday, e.g. 2022年9月22日 星期四.
pub fn gregorian_with_weekday(date: NaiveDate) -> String {
    format!(
        "{}年{}月{}日 {}",
        date.year(),
        date.month(),
        date.day(),
        weekday_name(date.weekday())
    )
}

/// The weekday in Chinese, e.g. 星期四.
pub fn weekday_name(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

/// The last lunar date worked out: tyme4rs takes about half a millisecond for one (it
/// computes the year's new moons), and the window typesets page 1 again on every edit.
static LAST_LUNAR: Mutex<Option<(NaiveDate, String)>> = Mutex::new(None);

/// The lunar date, e.g. 农历壬寅年八月廿七, from the tyme4rs calendar.
pub fn lunar(date: NaiveDate) -> String {
    let mut last = LAST_LUNAR.lock().unwrap_or_else(PoisonError::into_inner);
    match last.as_ref() {
        Some((known, text)) if *known == date => text.clone(),
        _ => {
            let text = lunar_from_calendar(date);
            *last = Some((date, text.clone()));
            text
        }
    }
}

/// Whether [`lunar`] has `date` at hand.
pub fn lunar_is_known(date: NaiveDate) -> bool {
    LAST_LUNAR
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
        .is_some_and(|(known, _)| *known == date)
}

fn lunar_from_calendar(date: NaiveDate) -> String {
    let Ok(month) = usize::try_from(date.month()) else {
        return String::new();
    };
    let Ok(day) = usize::try_from(date.day()) else {
        return String::new();
    };
    // tyme4rs covers years 1–9999 and panics outside them (even `SolarDay::new`, whose
    // month check unwraps): such dates get no lunar date rather than a crash.
    if !(1..=9999).contains(&date.year()) {
        return String::new();
    }
    match SolarDay::new(date.year() as isize, month, day) {
        Ok(solar) => solar.get_lunar_day().to_string(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn known_lunar_dates() {
        // 农历壬寅年八月廿七 (the GENRE example).
        assert_eq!(
            lunar(date(2022, 9, 22)),
            "\u{519C}\u{5386}\u{58EC}\u{5BC5}\u{5E74}\u{516B}\u{6708}\u{5EFF}\u{4E03}"
        );
        // Spring Festival 2024: 农历甲辰年正月初一.
        assert_eq!(
            lunar(date(2024, 2, 10)),
            "\u{519C}\u{5386}\u{7532}\u{8FB0}\u{5E74}\u{6B63}\u{6708}\u{521D}\u{4E00}"
        );
        // A leap month: 2023-03-22 is 农历癸卯年闰二月初一.
        assert_eq!(
            lunar(date(2023, 3, 22)),
            "\u{519C}\u{5386}\u{7678}\u{536F}\u{5E74}\u{95F0}\u{4E8C}\u{6708}\u{521D}\u{4E00}"
        );
    }

    #[test]
    fn a_remembered_lunar_date_is_the_calendars_own() {
        let day = date(2031, 5, 5);
        let first = lunar(day);
        assert_eq!(first, lunar_from_calendar(day));
        // Asked again (remembered, unless another test asked for another date meanwhile).
        assert_eq!(lunar(day), first);
        lunar(date(2031, 5, 6));
        assert_eq!(lunar(day), first);
    }

    #[test]
    fn dates_at_the_edges_of_the_calendar_do_not_panic() {
        assert!(lunar(date(1, 1, 1)).starts_with("\u{519C}\u{5386}"));
        assert!(lunar(date(9999, 12, 31)).starts_with("\u{519C}\u{5386}"));
        assert_eq!(lunar(date(0, 1, 1)), "");
        assert_eq!(lunar(date(10000, 1, 1)), "");
    }

    #[test]
    fn gregorian_date_has_weekday() {
        // 2022年9月22日 星期四
        assert_eq!(
            gregorian_with_weekday(date(2022, 9, 22)),
            "2022\u{5E74}9\u{6708}22\u{65E5} \u{661F}\u{671F}\u{56DB}"
        );
    }
}
