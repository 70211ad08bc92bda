//! Dates as documents write them, normalised to ISO 8601 so that they sort
//! and compare as strings: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` with the
//! zone as written (`Z` or `±HH:MM`) when a time is given.
//!
//! Read: ISO 8601 (`2024-03-15`, `2024-03-15T10:30:00Z`, `2024-03-15 10:30`,
//! `2024/03/15`), RFC 2822 (`Fri, 15 Mar 2024 10:30:00 +0000`, as RSS and
//! e-mail write it), and day-first `DD/MM/YYYY` (also with `-` or `.`), the
//! order of Arabic and European sites; in ASCII, Arabic-Indic (٠–٩) or
//! Persian (۰–۹) digits. Anything else is unreadable: `None`.

/// The ISO 8601 form of `raw`, or `None` when it is not a date this reads.
pub fn normalize_date(raw: &str) -> Option<String> {
    let s: String = raw
        .trim()
        .chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            _ => c,
        })
        .collect();
    iso(&s).or_else(|| day_first(&s)).or_else(|| rfc2822(&s))
}

struct Parts {
    year: u32,
    month: u32,
    day: u32,
    /// (hour, minute, second, zone as written: "", "Z" or "+03:00")
    time: Option<(u32, u32, u32, String)>,
}

impl Parts {
    fn render(&self) -> Option<String> {
        if !valid_day(self.year, self.month, self.day) {
            return None;
        }
        let date = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        match &self.time {
            None => Some(date),
            Some((h, m, s, zone)) => {
                if *h > 23 || *m > 59 || *s > 60 {
                    return None;
                }
                Some(format!("{date}T{h:02}:{m:02}:{s:02}{zone}"))
            }
        }
    }
}

fn valid_day(year: u32, month: u32, day: u32) -> bool {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1000..=9999).contains(&year) && (1..=days).contains(&day)
}

/// A run of ASCII digits at the start of `s` of `min..=max` digits: (value, rest).
fn number(s: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len < min || len > max {
        return None;
    }
    Some((s[..len].parse().ok()?, &s[len..]))
}

fn iso(s: &str) -> Option<String> {
    let (year, rest) = number(s, 4, 4)?;
    let sep = rest.chars().next().filter(|c| matches!(c, '-' | '/'))?;
    let (month, rest) = number(&rest[1..], 1, 2)?;
    let rest = rest.strip_prefix(sep)?;
    let (day, rest) = number(rest, 1, 2)?;
    let time = if rest.is_empty() {
        None
    } else {
        let rest = rest.strip_prefix(['T', 't', ' '])?;
        Some(time_and_zone(rest.trim_start())?)
    };
    Parts {
        year,
        month,
        day,
        time,
    }
    .render()
}

/// `HH:MM[:SS[.fraction]][Z|±HH[:]MM|±HH]`, the fraction dropped.
fn time_and_zone(s: &str) -> Option<(u32, u32, u32, String)> {
    let (hour, rest) = number(s, 1, 2)?;
    let (minute, mut rest) = number(rest.strip_prefix(':')?, 2, 2)?;
    let mut second = 0;
    if let Some(r) = rest.strip_prefix(':') {
        (second, rest) = number(r, 2, 2)?;
        if let Some(r) = rest.strip_prefix(['.', ',']) {
            rest = r.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    let zone = zone(rest.trim_start())?;
    Some((hour, minute, second, zone))
}

fn zone(s: &str) -> Option<String> {
    match s {
        "" => return Some(String::new()),
        "Z" | "z" | "UT" | "UTC" | "GMT" => return Some("Z".into()),
        _ => {}
    }
    let named = match s {
        "EST" => Some("-05:00"),
        "EDT" | "CST" => Some(if s == "EDT" { "-04:00" } else { "-06:00" }),
        "CDT" => Some("-05:00"),
        "MST" => Some("-07:00"),
        "MDT" => Some("-06:00"),
        "PST" => Some("-08:00"),
        "PDT" => Some("-07:00"),
        _ => None,
    };
    if let Some(z) = named {
        return Some(z.into());
    }
    let sign = s.chars().next().filter(|c| matches!(c, '+' | '-'))?;
    let digits: String = s[1..].chars().filter(|c| *c != ':').collect();
    if s[1..].matches(':').count() > 1 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes, rest) = match digits.len() {
        2 => (digits.parse::<u32>().ok()?, 0, ""),
        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?, ""),
        _ => return None,
    };
    if !rest.is_empty() || hours > 23 || minutes > 59 {
        return None;
    }
    if hours == 0 && minutes == 0 {
        return Some("Z".into());
    }
    Some(format!("{sign}{hours:02}:{minutes:02}"))
}

/// `DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY`, optionally followed by a time.
fn day_first(s: &str) -> Option<String> {
    let (day, rest) = number(s, 1, 2)?;
    let sep = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '/' | '-' | '.'))?;
    let (month, rest) = number(&rest[1..], 1, 2)?;
    let (year, rest) = number(rest.strip_prefix(sep)?, 4, 4)?;
    let time = if rest.trim().is_empty() {
        None
    } else {
        Some(time_and_zone(rest.trim_start())?)
    };
    Parts {
        year,
        month,
        day,
        time,
    }
    .render()
}

/// RFC 2822: `[Fri, ]15 Mar 2024[ 10:30[:00] +0000]`.
fn rfc2822(s: &str) -> Option<String> {
    let s = match s.split_once(',') {
        Some((weekday, rest)) if weekday.trim().len() == 3 => rest.trim_start(),
        _ => s,
    };
    let mut words = s.split_whitespace();
    let (day, rest) = number(words.next()?, 1, 2)?;
    if !rest.is_empty() {
        return None;
    }
    let month_name = words.next()?.to_ascii_lowercase();
    let month = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| month_name.starts_with(m) && month_name.len() <= 9)? as u32
        + 1;
    let (year, rest) = number(words.next()?, 4, 4)?;
    if !rest.is_empty() {
        return None;
    }
    let time = match words.next() {
        None => None,
        Some(clock) => {
            let zone_text = words.next().unwrap_or("");
            if words.next().is_some() {
                return None;
            }
            let (h, m, sec, zone) = time_and_zone(clock)?;
            let zone = if zone.is_empty() {
                self::zone(zone_text)?
            } else {
                zone
            };
            Some((h, m, sec, zone))
        }
    };
    Parts {
        year,
        month,
        day,
        time,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::normalize_date;

    #[test]
    fn dates_of_every_form_become_iso() {
        let cases = [
            ("2024-03-15", Some("2024-03-15")),
            ("2024-3-5", Some("2024-03-05")),
            ("2024/03/15", Some("2024-03-15")),
            ("2024-03-15T10:30:00Z", Some("2024-03-15T10:30:00Z")),
            (
                "2024-03-15T10:30:00.123+03:00",
                Some("2024-03-15T10:30:00+03:00"),
            ),
            ("2024-03-15 10:30", Some("2024-03-15T10:30:00")),
            ("2024-03-15T10:30:00+0000", Some("2024-03-15T10:30:00Z")),
            ("15/03/2024", Some("2024-03-15")),
            ("15-03-2024", Some("2024-03-15")),
            ("15.03.2024 08:05", Some("2024-03-15T08:05:00")),
            ("١٥/٠٣/٢٠٢٤", Some("2024-03-15")),
            ("٢٠٢٣-٠٥-١٠", Some("2023-05-10")),
            ("۲۰۲۳-۰۵-۱۰", Some("2023-05-10")),
            (
                "Fri, 15 Mar 2024 10:30:00 +0000",
                Some("2024-03-15T10:30:00Z"),
            ),
            ("15 Mar 2024 10:30 GMT", Some("2024-03-15T10:30:00Z")),
            (
                "Tue, 1 Oct 2024 23:59:59 -0700",
                Some("2024-10-01T23:59:59-07:00"),
            ),
            ("15 March 2024", Some("2024-03-15")),
            ("  2024-02-29  ", Some("2024-02-29")),
            ("2023-02-29", None),
            ("2024-13-01", None),
            ("31/04/2024", None),
            ("2024-03-15T25:00", None),
            ("<script>", None),
            ("<script…", None),
            ("قريبا", None),
            ("2024", None),
            ("", None),
            ("15 Foo 2024", None),
            ("2024-03-15 garbage", None),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_date(raw).as_deref(), want, "{raw:?}");
        }
    }
}
