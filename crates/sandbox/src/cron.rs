//! The cron expressions of the DeploymentWindow rule: six fields and an optional year
//! (`seconds minutes hours day-of-month month day-of-week [year]`, e.g.
//! `cron(0 0-59 9-16 ? * MON-FRI *)`), `*`, `?`, lists, ranges, steps, month and day names,
//! `L` in day-of-month, `nL` and `n#k` in day-of-week. A time is inside the window when its
//! minute matches (seconds are not looked at), in the rule's `TimeZone` (an IANA name, `UTC`, or
//! an offset such as `+02:00`; default UTC).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronError(pub String);

impl fmt::Display for CronError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone)]
enum Dom {
    Any,
    Days(Vec<bool>),
    Last,
}

#[derive(Debug, Clone)]
enum Dow {
    Any,
    Days(Vec<bool>),
    /// The last such weekday of the month (0 = Sunday).
    Last(u32),
    /// The k-th such weekday of the month.
    Nth(u32, u32),
}

/// A parsed cron expression with its time zone.
#[derive(Debug, Clone)]
pub struct Window {
    minutes: Vec<bool>,
    hours: Vec<bool>,
    dom: Dom,
    months: Vec<bool>,
    dow: Dow,
    years: Option<Vec<bool>>,
    zone: Zone,
    pub text: String,
}

#[derive(Debug, Clone)]
enum Zone {
    Fixed(i64),
    Named(jiff::tz::TimeZone, String),
}

/// Local civil time in the window's zone.
struct Local {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    weekday: u32,
    days_in_month: u32,
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

fn field(text: &str, min: u32, max: u32, names: &[&str], base: u32) -> Result<Vec<bool>, String> {
    let mut set = vec![false; (max + 1) as usize];
    let value = |s: &str| -> Result<u32, String> {
        if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(s)) {
            return Ok(i as u32 + base);
        }
        s.parse::<u32>()
            .ok()
            .filter(|v| (min..=max).contains(v))
            .ok_or_else(|| format!("'{s}' is not a value from {min} to {max}"))
    };
    for part in text.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (
                r,
                s.parse::<u32>()
                    .ok()
                    .filter(|s| *s > 0)
                    .ok_or_else(|| format!("'{s}' is not a step"))?,
            ),
            None => (part, 1),
        };
        let (lo, hi) = if range == "*" || range == "?" {
            (min, max)
        } else if let Some((a, b)) = range.split_once('-') {
            (value(a)?, value(b)?)
        } else {
            let v = value(range)?;
            (v, if part.contains('/') { max } else { v })
        };
        if lo > hi {
            return Err(format!("the range {range} runs backwards"));
        }
        let mut v = lo;
        while v <= hi {
            set[v as usize] = true;
            v += step;
        }
    }
    Ok(set)
}

impl Window {
    /// Parse `cron(...)` (or the bare fields) and a time zone name.
    pub fn parse(cron: &str, time_zone: Option<&str>) -> Result<Window, CronError> {
        let bad =
            |why: String| CronError(format!("the Cron expression '{cron}' is not valid: {why}"));
        let inner = cron
            .trim()
            .strip_prefix("cron(")
            .and_then(|s| s.strip_suffix(')'))
            .unwrap_or(cron.trim());
        let fields: Vec<&str> = inner.split_whitespace().collect();
        if !(6..=7).contains(&fields.len()) {
            return Err(bad(format!(
                "it has {} fields; it needs 6 (seconds minutes hours day-of-month month day-of-week) and an optional year",
                fields.len()
            )));
        }
        field(fields[0], 0, 59, &[], 0).map_err(&bad)?;
        let minutes = field(fields[1], 0, 59, &[], 0).map_err(&bad)?;
        let hours = field(fields[2], 0, 23, &[], 0).map_err(&bad)?;
        let dom = match fields[3] {
            "?" | "*" => Dom::Any,
            "L" => Dom::Last,
            f if f.contains('W') => {
                return Err(bad(
                    "'W' (nearest weekday) is not supported by the sandbox".into()
                ))
            }
            f => Dom::Days(field(f, 1, 31, &[], 0).map_err(&bad)?),
        };
        let months = field(fields[4], 1, 12, &MONTHS, 1).map_err(&bad)?;
        let dow_value = |s: &str| -> Result<u32, CronError> {
            DAYS.iter()
                .position(|n| n.eq_ignore_ascii_case(s))
                .map(|i| i as u32)
                .or_else(|| {
                    s.parse::<u32>()
                        .ok()
                        .filter(|v| (1..=7).contains(v))
                        .map(|v| v - 1)
                })
                .ok_or_else(|| bad(format!("'{s}' is not a day of the week (1-7 or SUN-SAT)")))
        };
        let dow = match fields[5] {
            "?" | "*" => Dow::Any,
            "L" => Dow::Days((0..7).map(|d| d == 6).collect()),
            f if f.ends_with('L') => Dow::Last(dow_value(&f[..f.len() - 1])?),
            f if f.contains('#') => {
                let (d, k) = f.split_once('#').unwrap_or((f, "1"));
                let k = k
                    .parse::<u32>()
                    .ok()
                    .filter(|k| (1..=5).contains(k))
                    .ok_or_else(|| bad(format!("'{f}' needs a week from 1 to 5 after #")))?;
                Dow::Nth(dow_value(d)?, k)
            }
            f => {
                // 1-7 = SUN-SAT: shift to 0-6.
                let set = field(f, 1, 7, &DAYS, 1).map_err(&bad)?;
                Dow::Days((0..7).map(|d| set[d + 1]).collect())
            }
        };
        if !matches!(dom, Dom::Any) && !matches!(dow, Dow::Any) {
            return Err(bad(
                "give a day of the month or a day of the week, and '?' for the other".into(),
            ));
        }
        let years = match fields.get(6) {
            None | Some(&"*") => None,
            Some(f) => {
                let set = field(f, 1970, 2199, &[], 0).map_err(&bad)?;
                Some(set)
            }
        };
        let zone = parse_zone(time_zone.unwrap_or("UTC"))?;
        Ok(Window {
            minutes,
            hours,
            dom,
            months,
            dow,
            years,
            zone,
            text: cron.trim().to_string(),
        })
    }

    fn local(&self, t: f64) -> Local {
        let (year, month, day, hour, minute, weekday) = match &self.zone {
            Zone::Fixed(offset) => {
                let c = crate::clock::civil(t + *offset as f64);
                (c.year, c.month, c.day, c.hour, c.minute, c.weekday)
            }
            Zone::Named(tz, _) => {
                let ms = (t * 1000.0).floor() as i64;
                match jiff::Timestamp::from_millisecond(ms) {
                    Ok(ts) => {
                        let z = ts.to_zoned(tz.clone());
                        (
                            i64::from(z.year()),
                            z.month() as u32,
                            z.day() as u32,
                            z.hour() as u32,
                            z.minute() as u32,
                            z.weekday().to_sunday_zero_offset() as u32,
                        )
                    }
                    Err(_) => {
                        let c = crate::clock::civil(t);
                        (c.year, c.month, c.day, c.hour, c.minute, c.weekday)
                    }
                }
            }
        };
        Local {
            year,
            month,
            day,
            hour,
            minute,
            weekday,
            days_in_month: days_in_month(year, month),
        }
    }

    fn day_matches(&self, l: &Local) -> bool {
        let month_ok = self.months[l.month as usize];
        let year_ok = self
            .years
            .as_ref()
            .is_none_or(|y| (1970..=2199).contains(&l.year) && y[l.year as usize]);
        let dom_ok = match &self.dom {
            Dom::Any => true,
            Dom::Last => l.day == l.days_in_month,
            Dom::Days(d) => d[l.day as usize],
        };
        let dow_ok = match &self.dow {
            Dow::Any => true,
            Dow::Days(d) => d[l.weekday as usize],
            Dow::Last(w) => l.weekday == *w && l.day + 7 > l.days_in_month,
            Dow::Nth(w, k) => l.weekday == *w && (l.day - 1) / 7 + 1 == *k,
        };
        month_ok && year_ok && dom_ok && dow_ok
    }

    /// Whether the window is open at `t` (seconds since the epoch).
    pub fn is_open(&self, t: f64) -> bool {
        let l = self.local(t);
        self.day_matches(&l) && self.hours[l.hour as usize] && self.minutes[l.minute as usize]
    }

    /// When the window next opens at or after `t`, within 366 days.
    pub fn next_open(&self, t: f64) -> Option<f64> {
        let mut at = (t / 60.0).ceil() * 60.0;
        let end = t + 366.0 * 86_400.0;
        while at <= end {
            let l = self.local(at);
            let into_day = f64::from(l.hour * 3600 + l.minute * 60);
            if !self.day_matches(&l) {
                at += 86_400.0 - into_day;
            } else if !self.hours[l.hour as usize] {
                at += 3600.0 - f64::from(l.minute * 60);
            } else if !self.minutes[l.minute as usize] {
                at += 60.0;
            } else {
                return Some(at);
            }
        }
        None
    }

    /// The zone's name as given (`UTC` by default).
    pub fn zone_name(&self) -> String {
        match &self.zone {
            Zone::Fixed(0) => "UTC".to_string(),
            Zone::Fixed(s) => format!("UTC{:+03}:{:02}", s / 3600, (s.abs() % 3600) / 60),
            Zone::Named(_, name) => name.clone(),
        }
    }

    /// `2024-05-02 14:00` in the window's zone.
    pub fn local_text(&self, t: f64) -> String {
        let l = self.local(t);
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02} {}",
            l.year,
            l.month,
            l.day,
            l.hour,
            l.minute,
            self.zone_name()
        )
    }
}

fn parse_zone(name: &str) -> Result<Zone, CronError> {
    let n = name.trim();
    if n.eq_ignore_ascii_case("UTC") || n.eq_ignore_ascii_case("GMT") || n == "Z" {
        return Ok(Zone::Fixed(0));
    }
    let offset = n
        .strip_prefix("UTC")
        .or_else(|| n.strip_prefix("GMT"))
        .unwrap_or(n);
    if let Some(sign) = offset.chars().next().filter(|c| *c == '+' || *c == '-') {
        let rest = &offset[1..];
        let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
        if let (Ok(h), Ok(m)) = (h.parse::<i64>(), m.parse::<i64>()) {
            if h <= 14 && m < 60 {
                let s = (h * 3600 + m * 60) * if sign == '-' { -1 } else { 1 };
                return Ok(Zone::Fixed(s));
            }
        }
    }
    jiff::tz::TimeZone::get(n)
        .map(|tz| Zone::Named(tz, n.to_string()))
        .map_err(|_| {
            CronError(format!(
                "the TimeZone '{n}' is not known: use an IANA name such as Europe/Berlin, UTC, or an offset such as +02:00"
            ))
        })
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2024-05-02 (a Thursday) 10:11:12 UTC.
    const THU: f64 = 1_714_644_672.0;

    #[test]
    fn weekday_office_hours_open_and_close() {
        let w = Window::parse("cron(0 * 9-16 ? * MON-FRI *)", None).unwrap();
        assert!(w.is_open(THU));
        // 17:00 the same day is closed; it opens at 09:00 on Friday.
        let evening = THU + 6.0 * 3600.0 + 49.0 * 60.0 - 12.0;
        assert!(!w.is_open(evening));
        let next = w.next_open(evening).unwrap();
        assert_eq!(crate::clock::iso8601(next), "2024-05-03T09:00:00.000Z");
        // Saturday morning: Monday 09:00.
        let saturday = THU + 2.0 * 86400.0;
        assert_eq!(
            crate::clock::iso8601(w.next_open(saturday).unwrap()),
            "2024-05-06T09:00:00.000Z"
        );
    }

    #[test]
    fn time_zones_shift_the_window() {
        // 14:00-14:59 in Berlin is 12:00-12:59 UTC in May (CEST).
        let w = Window::parse("0 * 14 * * ? *", Some("Europe/Berlin")).unwrap();
        assert_eq!(
            crate::clock::iso8601(w.next_open(THU).unwrap()),
            "2024-05-02T12:00:00.000Z"
        );
        assert_eq!(w.local_text(THU), "2024-05-02 12:11 Europe/Berlin");
        let fixed = Window::parse("0 * 14 * * ? *", Some("+02:00")).unwrap();
        assert_eq!(fixed.next_open(THU), w.next_open(THU));
    }

    #[test]
    fn last_and_nth_days() {
        let last_friday = Window::parse("0 * * ? * 6L *", None).unwrap();
        assert_eq!(
            crate::clock::iso8601(last_friday.next_open(THU).unwrap()),
            "2024-05-31T00:00:00.000Z"
        );
        let second_monday = Window::parse("0 0 8 ? * MON#2 *", None).unwrap();
        assert_eq!(
            crate::clock::iso8601(second_monday.next_open(THU).unwrap()),
            "2024-05-13T08:00:00.000Z"
        );
        let month_end = Window::parse("0 0 0 L * ? *", None).unwrap();
        assert_eq!(
            crate::clock::iso8601(month_end.next_open(THU).unwrap()),
            "2024-05-31T00:00:00.000Z"
        );
    }

    #[test]
    fn bad_expressions_say_what_is_wrong() {
        for (cron, want) in [
            ("0 * * * *", "5 fields"),
            ("0 61 * ? * * *", "'61' is not a value"),
            ("0 * * 1 * MON *", "'?' for the other"),
            ("0 * * 15W * ? *", "not supported"),
        ] {
            let err = Window::parse(cron, None).unwrap_err().to_string();
            assert!(err.contains(want), "{cron}: {err}");
        }
        let err = Window::parse("0 * * ? * * *", Some("Mars/Olympus")).unwrap_err();
        assert!(err.to_string().contains("IANA"), "{err}");
        let never = Window::parse("0 0 0 ? * * 1999", None).unwrap();
        assert_eq!(never.next_open(THU), None);
    }
}
