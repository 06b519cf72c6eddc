//! Shared output forms: GNU's human-readable sizes (`-h`), calendar dates from
//! nanoseconds since the epoch (UTC, the kernel's only zone), and `printf`-style padding.

/// A moment split into calendar fields, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub nanos: u32,
    /// 0 for Sunday.
    pub weekday: u32,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl DateTime {
    pub fn from_nanos(nanos: i64) -> DateTime {
        let seconds = nanos.div_euclid(1_000_000_000);
        let days = seconds.div_euclid(86_400);
        let in_day = seconds.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        DateTime {
            year,
            month,
            day,
            hour: in_day / 3600,
            minute: in_day / 60 % 60,
            second: in_day % 60,
            nanos: nanos.rem_euclid(1_000_000_000) as u32,
            // 1970-01-01 was a Thursday.
            weekday: (days + 4).rem_euclid(7) as u32,
        }
    }

    pub fn month_name(&self) -> &'static str {
        MONTHS[self.month as usize - 1]
    }

    pub fn weekday_name(&self) -> &'static str {
        ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][self.weekday as usize]
    }

    /// `2021-03-04`.
    pub fn date(&self) -> String {
        format!("{}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `2021-03-04 05:06:07.000000000 +0000`, as `stat` prints times.
    pub fn full(&self) -> String {
        format!(
            "{}-{:02}-{:02} {:02}:{:02}:{:02}.{:09} +0000",
            self.year, self.month, self.day, self.hour, self.minute, self.second, self.nanos
        )
    }
}

/// Year, month (1-12) and day (1-31) of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Whether `ls -l` shows `time` with its hour rather than its year: within six months
/// before `now`, and not over an hour after it.
pub fn is_recent(time: i64, now: i64) -> bool {
    const HALF_YEAR: i64 = 31_556_952 / 2 * 1_000_000_000;
    const HOUR: i64 = 3600 * 1_000_000_000;
    time > now - HALF_YEAR && time < now + HOUR
}

/// `ls -l`'s date: `Mar  4 05:06` when recent, else `Mar  4  2021`.
pub fn ls_date(mtime: i64, now: i64) -> String {
    let date = DateTime::from_nanos(mtime);
    if is_recent(mtime, now) {
        format!(
            "{} {:>2} {:02}:{:02}",
            date.month_name(),
            date.day,
            date.hour,
            date.minute
        )
    } else {
        format!("{} {:>2}  {}", date.month_name(), date.day, date.year)
    }
}

/// Nanoseconds since the epoch, now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i64)
}

/// `-h`: powers of 1024 with one decimal below 10, rounded up, as GNU prints them
/// (`1023`, `1.0K`, `1.5K`, `10K`, `1.0M`).
pub fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        return bytes.to_string();
    }
    let mut value = bytes as f64;
    for unit in ["K", "M", "G", "T", "P", "E"] {
        value /= 1024.0;
        if value < 10.0 {
            let tenths = (value * 10.0).ceil() / 10.0;
            if tenths < 10.0 {
                return format!("{tenths:.1}{unit}");
            }
            return format!("10{unit}");
        }
        let rounded = value.ceil();
        if rounded < 1024.0 {
            return format!("{rounded}{unit}");
        }
    }
    format!("{value:.0}E")
}

/// Pads `text` to `width` per a `printf` flag set: `-` pads on the right, `0` with zeros.
pub fn pad(text: &str, width: usize, flags: &str) -> String {
    if flags.contains('-') {
        format!("{text:<width$}")
    } else if flags.contains('0') && text.chars().all(|c| c.is_ascii_digit()) {
        format!("{text:0>width$}")
    } else {
        format!("{text:>width$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: i64 = 1_000_000_000;

    #[test]
    fn calendar_fields_in_utc() {
        let date = DateTime::from_nanos(1_614_834_367 * SECOND);
        assert_eq!((date.year, date.month, date.day), (2021, 3, 4));
        assert_eq!((date.hour, date.minute, date.second), (5, 6, 7));
        assert_eq!(date.weekday_name(), "Thu");
        assert_eq!(DateTime::from_nanos(-SECOND).weekday_name(), "Wed");
        assert_eq!(
            DateTime::from_nanos(0).full(),
            "1970-01-01 00:00:00.000000000 +0000"
        );
        assert_eq!(
            DateTime::from_nanos(951_782_400 * SECOND).full(),
            "2000-02-29 00:00:00.000000000 +0000"
        );
        assert_eq!(
            DateTime::from_nanos(-SECOND).full(),
            "1969-12-31 23:59:59.000000000 +0000"
        );
    }

    #[test]
    fn ls_dates_show_the_year_when_old() {
        let mtime = 1_614_834_367 * SECOND;
        assert_eq!(ls_date(mtime, mtime + 86_400 * SECOND), "Mar  4 05:06");
        assert_eq!(
            ls_date(mtime, mtime + 200 * 86_400 * SECOND),
            "Mar  4  2021"
        );
    }

    #[test]
    fn human_sizes_round_up() {
        assert_eq!(human_size(0), "0");
        assert_eq!(human_size(1023), "1023");
        assert_eq!(human_size(1024), "1.0K");
        assert_eq!(human_size(1536), "1.5K");
        assert_eq!(human_size(1537), "1.6K");
        assert_eq!(human_size(10 * 1024), "10K");
        assert_eq!(human_size(10 * 1024 + 1), "11K");
        assert_eq!(human_size(1024 * 1024 - 1), "1.0M");
        assert_eq!(human_size(5 * 1024 * 1024 * 1024), "5.0G");
    }
}
