//! `xsd:dateTime` values (RFC 7643 §2.3.5, XML Schema Part 2 §3.2.7).
//!
//! Accepted: `YYYY-MM-DDThh:mm:ss[.s+][Z|(+|-)hh:mm]` with a four-digit year (0001–9999), an
//! upper-case `T`, any number of fractional-second digits (nanosecond precision is kept; further
//! digits are ignored), and `24:00:00` meaning the first instant of the next day, as XML Schema
//! allows. A value without an offset is taken as UTC (XML Schema leaves its timeline position to
//! the implementation; SCIM services emit `Z`). Comparison is by instant, so
//! `2011-05-13T04:42:34Z` equals `2011-05-13T06:42:34+02:00`.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Parses an `xsd:dateTime`; `None` if `s` is not one.
pub fn parse_datetime(s: &str) -> Option<OffsetDateTime> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let digits = b.get(from..from + len)?;
        let mut v = 0u32;
        for &d in digits {
            if !d.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(d - b'0');
        }
        Some(v)
    };
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let year = num(0, 4)?;
    let month = num(5, 2)?;
    let day = num(8, 2)?;
    let hour = num(11, 2)?;
    let minute = num(14, 2)?;
    let second = num(17, 2)?;
    let mut i = 19;
    let mut nanos = 0u32;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        let mut scale = 100_000_000u32;
        while let Some(&d) = b.get(i) {
            if !d.is_ascii_digit() {
                break;
            }
            nanos += u32::from(d - b'0') * scale;
            scale /= 10;
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    let offset = match b.get(i) {
        None => UtcOffset::UTC,
        Some(b'Z') if i + 1 == b.len() => UtcOffset::UTC,
        Some(&sign @ (b'+' | b'-')) if i + 6 == b.len() && b[i + 3] == b':' => {
            let oh = num(i + 1, 2)?;
            let om = num(i + 4, 2)?;
            if oh > 14 || om > 59 || (oh == 14 && om != 0) {
                return None;
            }
            let secs = (oh * 3600 + om * 60) as i32;
            UtcOffset::from_whole_seconds(if sign == b'-' { -secs } else { secs }).ok()?
        }
        _ => return None,
    };
    if year == 0 {
        return None;
    }
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date =
        Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()?;
    let (date, time) = if hour == 24 {
        // XML Schema: 24:00:00 is the first instant of the next day.
        if minute != 0 || second != 0 || nanos != 0 {
            return None;
        }
        (date.next_day()?, Time::MIDNIGHT)
    } else {
        let time = Time::from_hms_nano(
            u8::try_from(hour).ok()?,
            u8::try_from(minute).ok()?,
            u8::try_from(second).ok()?,
            nanos,
        )
        .ok()?;
        (date, time)
    };
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7643_examples_parse() {
        // RFC 7643 §2.3.5 and the meta examples of §3.1.
        assert!(parse_datetime("2008-01-23T04:56:22Z").is_some());
        assert!(parse_datetime("2010-01-23T04:56:22Z").is_some());
        assert!(parse_datetime("2011-05-13T04:42:34Z").is_some());
    }

    #[test]
    fn offsets_compare_as_instants() {
        let a = parse_datetime("2011-05-13T04:42:34Z").unwrap();
        let b = parse_datetime("2011-05-13T06:42:34+02:00").unwrap();
        let c = parse_datetime("2011-05-12T23:42:34-05:00").unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
        let later = parse_datetime("2011-05-13T04:42:34.001Z").unwrap();
        assert!(later > a);
    }

    #[test]
    fn fractions_and_no_offset() {
        let a = parse_datetime("2011-05-13T04:42:34.123456789123Z").unwrap();
        assert_eq!(a.nanosecond(), 123_456_789);
        assert_eq!(
            parse_datetime("2011-05-13T04:42:34"),
            parse_datetime("2011-05-13T04:42:34Z")
        );
        assert_eq!(
            parse_datetime("2011-05-13T24:00:00Z"),
            parse_datetime("2011-05-14T00:00:00Z")
        );
    }

    #[test]
    fn rejects_what_is_not_xsd_datetime() {
        for bad in [
            "",
            "2011-05-13",
            "2011-05-13 04:42:34Z",
            "2011-05-13t04:42:34Z",
            "2011-13-13T04:42:34Z",
            "2011-02-30T04:42:34Z",
            "2011-05-13T25:00:00Z",
            "2011-05-13T24:00:01Z",
            "2011-05-13T04:60:34Z",
            "2011-05-13T04:42:34.Z",
            "2011-05-13T04:42:34+0200",
            "2011-05-13T04:42:34+15:00",
            "2011-05-13T04:42:34ZZ",
            "0000-05-13T04:42:34Z",
            "20110-05-13T04:42:34Z",
            "２011-05-13T04:42:34Z",
        ] {
            assert_eq!(parse_datetime(bad), None, "{bad}");
        }
    }
}
