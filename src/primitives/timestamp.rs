use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// A point in time: UTC milliseconds since the Unix epoch, exactly as on the wire.
///
/// The value is an exact `i64` (never a float, never rounded). The crate never reads a
/// clock (it runs in WebAssembly too): build timestamps from your own clock with
/// `Timestamp::try_from(SystemTime::now())`. `Display` writes ISO-8601 in UTC.
///
/// ```
/// use iqchannels_proto::Timestamp;
///
/// let at = Timestamp::from_millis(1548142724951);
/// assert_eq!(at.to_string(), "2019-01-22T07:38:44.951Z");
/// assert_eq!(at.as_millis(), 1548142724951);
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(transparent)]
pub struct Timestamp(i64);

/// A time outside the range that one of the two sides of a conversion can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("time out of range for the conversion")]
pub struct TimestampRangeError;

const MS_PER_DAY: i64 = 86_400_000;

impl Timestamp {
    /// The Unix epoch, `1970-01-01T00:00:00.000Z`: the zero value.
    pub const EPOCH: Self = Self(0);

    /// The timestamp `millis` milliseconds after the Unix epoch (before it if negative).
    pub const fn from_millis(millis: i64) -> Self {
        Self(millis)
    }

    /// Milliseconds since the Unix epoch.
    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// The timestamp `nanos` nanoseconds after the epoch, rounded down to the millisecond
    /// (towards the past, also before the epoch).
    fn from_nanos(nanos: i128) -> Result<Self, TimestampRangeError> {
        i64::try_from(nanos.div_euclid(1_000_000))
            .map(Self)
            .map_err(|_| TimestampRangeError)
    }

    /// Like `from_nanos`, clamped to the `i64` range. For libraries whose whole range fits,
    /// so the clamp never applies.
    #[cfg(any(feature = "time", feature = "jiff"))]
    fn from_nanos_clamped(nanos: i128) -> Self {
        Self::from_nanos(nanos).unwrap_or(if nanos < 0 {
            Self(i64::MIN)
        } else {
            Self(i64::MAX)
        })
    }
}

impl From<i64> for Timestamp {
    fn from(millis: i64) -> Self {
        Self(millis)
    }
}

impl From<Timestamp> for i64 {
    fn from(at: Timestamp) -> Self {
        at.0
    }
}

/// Rounds down to the millisecond; fails past `i64` milliseconds (about 292 million years).
impl TryFrom<SystemTime> for Timestamp {
    type Error = TimestampRangeError;

    fn try_from(time: SystemTime) -> Result<Self, Self::Error> {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => {
                Self::from_nanos(i128::try_from(after.as_nanos()).map_err(|_| TimestampRangeError)?)
            }
            Err(before) => Self::from_nanos(
                i128::try_from(before.duration().as_nanos())
                    .map_err(|_| TimestampRangeError)?
                    .wrapping_neg(),
            ),
        }
    }
}

/// Fails where the platform's `SystemTime` cannot hold the time.
impl TryFrom<Timestamp> for SystemTime {
    type Error = TimestampRangeError;

    fn try_from(at: Timestamp) -> Result<Self, Self::Error> {
        let magnitude = Duration::from_millis(at.0.unsigned_abs());
        if at.0 >= 0 {
            UNIX_EPOCH.checked_add(magnitude)
        } else {
            UNIX_EPOCH.checked_sub(magnitude)
        }
        .ok_or(TimestampRangeError)
    }
}

/// ISO-8601 in UTC with milliseconds, `2019-01-22T07:38:44.951Z`. Years past 9999 or
/// before year 0 get a sign (`+292278994-08-17T07:12:55.807Z`), as ISO-8601 expands them.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(MS_PER_DAY);
        let in_day = self.0.rem_euclid(MS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        if (0..=9999).contains(&year) {
            write!(f, "{year:04}")?;
        } else {
            write!(f, "{year:+05}")?;
        }
        write!(
            f,
            "-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
            in_day / 3_600_000,
            in_day / 60_000 % 60,
            in_day / 1000 % 60,
            in_day % 1000
        )
    }
}

/// The proleptic Gregorian (year, month, day) of a day count since 1970-01-01
/// (Howard Hinnant's `civil_from_days`). Exact for every `i64` millisecond timestamp.
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

#[cfg(feature = "chrono")]
mod chrono_impls {
    use super::{Timestamp, TimestampRangeError};

    /// Rounds down to the millisecond.
    impl From<chrono::DateTime<chrono::Utc>> for Timestamp {
        fn from(time: chrono::DateTime<chrono::Utc>) -> Self {
            Self(time.timestamp_millis())
        }
    }

    /// Fails outside chrono's range (about ±262,000 years).
    impl TryFrom<Timestamp> for chrono::DateTime<chrono::Utc> {
        type Error = TimestampRangeError;

        fn try_from(at: Timestamp) -> Result<Self, Self::Error> {
            chrono::DateTime::from_timestamp_millis(at.0).ok_or(TimestampRangeError)
        }
    }
}

#[cfg(feature = "time")]
mod time_impls {
    use super::{Timestamp, TimestampRangeError};

    /// Rounds down to the millisecond.
    impl From<time::OffsetDateTime> for Timestamp {
        fn from(time: time::OffsetDateTime) -> Self {
            // `time`'s whole range (even with its `large-dates`) fits in i64 milliseconds.
            Self::from_nanos_clamped(time.unix_timestamp_nanos())
        }
    }

    /// Fails outside `time`'s range (years ±9999); the offset is UTC.
    impl TryFrom<Timestamp> for time::OffsetDateTime {
        type Error = TimestampRangeError;

        fn try_from(at: Timestamp) -> Result<Self, Self::Error> {
            time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(at.0) * 1_000_000)
                .map_err(|_| TimestampRangeError)
        }
    }
}

#[cfg(feature = "jiff")]
mod jiff_impls {
    use super::{Timestamp, TimestampRangeError};

    /// Rounds down to the millisecond.
    impl From<jiff::Timestamp> for Timestamp {
        fn from(time: jiff::Timestamp) -> Self {
            // jiff's whole range (years -9999 to 9999) fits in i64 milliseconds.
            Self::from_nanos_clamped(time.as_nanosecond())
        }
    }

    /// Fails outside jiff's range (years -9999 to 9999).
    impl TryFrom<Timestamp> for jiff::Timestamp {
        type Error = TimestampRangeError;

        fn try_from(at: Timestamp) -> Result<Self, Self::Error> {
            jiff::Timestamp::from_millisecond(at.0).map_err(|_| TimestampRangeError)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_iso_8601_utc() {
        let cases = [
            (0, "1970-01-01T00:00:00.000Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"),
            (1_548_142_724_951, "2019-01-22T07:38:44.951Z"),
            (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
            (253_402_300_800_000, "+10000-01-01T00:00:00.000Z"),
            (-62_167_219_200_001, "-0001-12-31T23:59:59.999Z"),
            (i64::MAX, "+292278994-08-17T07:12:55.807Z"),
            (i64::MIN, "-292275055-05-16T16:47:04.192Z"),
        ];
        for (millis, text) in cases {
            assert_eq!(Timestamp::from_millis(millis).to_string(), text, "{millis}");
        }
    }

    #[test]
    fn system_time_round_trips_and_rounds_down() {
        for millis in [0, 1, -1, 1_548_142_724_951, -1_548_142_724_951] {
            let at = Timestamp::from_millis(millis);
            let time = SystemTime::try_from(at).unwrap();
            assert_eq!(Timestamp::try_from(time), Ok(at));
        }
        let just_before_epoch = UNIX_EPOCH - Duration::from_nanos(1);
        assert_eq!(
            Timestamp::try_from(just_before_epoch),
            Ok(Timestamp::from_millis(-1))
        );
        let just_after = UNIX_EPOCH + Duration::from_micros(1999);
        assert_eq!(
            Timestamp::try_from(just_after),
            Ok(Timestamp::from_millis(1))
        );
    }

    #[test]
    fn system_time_out_of_range_is_an_error() {
        let far = UNIX_EPOCH + Duration::from_secs(u64::MAX / 2);
        assert_eq!(Timestamp::try_from(far), Err(TimestampRangeError));
    }

    #[test]
    fn wire_form_is_exact_integer_milliseconds() {
        let at: Timestamp = serde_json::from_str("9007199254740993").unwrap();
        assert_eq!(at.as_millis(), 9_007_199_254_740_993);
        assert_eq!(serde_json::to_string(&at).unwrap(), "9007199254740993");
        assert!(serde_json::from_str::<Timestamp>("1.5").is_err());
        assert!(serde_json::from_str::<Timestamp>("\"1\"").is_err());
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn chrono_round_trips() {
        let at = Timestamp::from_millis(-1_548_142_724_951);
        let time = chrono::DateTime::<chrono::Utc>::try_from(at).unwrap();
        assert_eq!(Timestamp::from(time), at);
        assert!(
            chrono::DateTime::<chrono::Utc>::try_from(Timestamp::from_millis(i64::MAX)).is_err()
        );
    }

    #[cfg(feature = "time")]
    #[test]
    fn time_round_trips() {
        let at = Timestamp::from_millis(-1_548_142_724_951);
        let time = time::OffsetDateTime::try_from(at).unwrap();
        assert_eq!(Timestamp::from(time), at);
        assert!(time::OffsetDateTime::try_from(Timestamp::from_millis(i64::MAX)).is_err());
    }

    #[cfg(feature = "jiff")]
    #[test]
    fn jiff_round_trips() {
        let at = Timestamp::from_millis(-1_548_142_724_951);
        let time = jiff::Timestamp::try_from(at).unwrap();
        assert_eq!(Timestamp::from(time), at);
        assert_eq!(time.to_string(), at.to_string());
        assert!(jiff::Timestamp::try_from(Timestamp::from_millis(i64::MAX)).is_err());
    }
}
