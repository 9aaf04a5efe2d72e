//! Unit tests of the ProtoJSON text forms. Cases named after a conformance test carry its name
//! (protobuf's `binary_json_conformance_suite.cc`).

use super::*;

fn err_text<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(e) => e.to_string(),
    }
}

// ------------------------------------------------------------------------------ civil dates

#[test]
fn civil_dates_round_trip_over_the_whole_timestamp_range() {
    let first = days_from_civil(1, 1, 1);
    let last = days_from_civil(9999, 12, 31);
    assert_eq!(first * SECONDS_PER_DAY, TIMESTAMP_MIN_SECONDS);
    assert_eq!(
        last * SECONDS_PER_DAY + SECONDS_PER_DAY - 1,
        TIMESTAMP_MAX_SECONDS
    );
    // Walk every day: the date after each is the next day of the calendar.
    let (mut year, mut month, mut day) = (1i64, 1u32, 1u32);
    for days in first..=last {
        assert_eq!(civil_from_days(days), (year, month, day), "day {days}");
        assert_eq!(days_from_civil(year, month, day), days);
        day += 1;
        if day > days_in_month(year, month) {
            day = 1;
            month += 1;
            if month > 12 {
                month = 1;
                year += 1;
            }
        }
    }
    assert_eq!((year, month, day), (10000, 1, 1));
}

#[test]
fn leap_years_follow_the_gregorian_rule() {
    for (year, leap) in [
        (1600, true),
        (1900, false),
        (2000, true),
        (2001, false),
        (2004, true),
    ] {
        assert_eq!(is_leap_year(year), leap, "{year}");
        assert_eq!(days_in_month(year, 2), if leap { 29 } else { 28 }, "{year}");
    }
}

// ------------------------------------------------------------------------------ Timestamp

#[test]
fn timestamps_format_with_0_3_6_or_9_fraction_digits() {
    let cases = [
        (0, 0, "1970-01-01T00:00:00Z"),
        (0, 10_000_000, "1970-01-01T00:00:00.010Z"),
        (0, 10_000, "1970-01-01T00:00:00.000010Z"),
        (0, 10, "1970-01-01T00:00:00.000000010Z"),
        (0, 1, "1970-01-01T00:00:00.000000001Z"),
        (63_108_020, 21_000_000, "1972-01-01T10:00:20.021Z"),
        (-1, 999_999_999, "1969-12-31T23:59:59.999999999Z"),
        (-11, 500_000_000, "1969-12-31T23:59:49.500Z"),
        (729_302_400, 0, "1993-02-10T00:00:00Z"),
        (951_782_400, 0, "2000-02-29T00:00:00Z"),
        (TIMESTAMP_MIN_SECONDS, 0, "0001-01-01T00:00:00Z"),
        (
            TIMESTAMP_MAX_SECONDS,
            999_999_999,
            "9999-12-31T23:59:59.999999999Z",
        ),
    ];
    for (seconds, nanos, text) in cases {
        assert_eq!(format_timestamp(seconds, nanos).unwrap(), text);
        assert_eq!(parse_timestamp(text).unwrap(), (seconds, nanos), "{text}");
    }
}

#[test]
fn timestamps_out_of_range_do_not_format() {
    // TimestampProtoInputTooSmall, TimestampProtoInputTooLarge, TimestampProtoNegativeNanos,
    // TimestampProtoNanoTooLarge.
    assert_eq!(
        err_text(format_timestamp(-62_135_596_801, 0)),
        "expected a Timestamp between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z (seconds \
         -62135596800..=253402300799), found seconds -62135596801"
    );
    assert!(format_timestamp(253_402_300_800, 0).is_err());
    assert!(format_timestamp(i64::MIN, 0).is_err());
    assert!(format_timestamp(i64::MAX, 0).is_err());
    assert_eq!(
        err_text(format_timestamp(5000, -1)),
        "expected a Timestamp's nanos in 0..=999999999, found -1"
    );
    assert!(format_timestamp(5000, 1_000_000_000).is_err());
}

#[test]
fn timestamps_parse_as_the_conformance_suite_expects() {
    let valid = [
        ("0001-01-01T00:00:00Z", (-62_135_596_800, 0)),
        (
            "9999-12-31T23:59:59.999999999Z",
            (253_402_300_799, 999_999_999),
        ),
        ("1970-01-01T00:00:00.000Z", (0, 0)),
        ("1970-01-01T00:00:00.000000001Z", (0, 1)),
        ("1969-12-31T23:59:59.999999999Z", (-1, 999_999_999)),
        ("1970-01-01T00:00:01.000000001Z", (1, 1)),
        ("1969-12-31T23:59:58.999999999Z", (-2, 999_999_999)),
        ("1970-01-01T00:00:10.500Z", (10, 500_000_000)),
        ("1969-12-31T23:59:49.500Z", (-11, 500_000_000)),
        ("1993-02-10T00:00:00.000Z", (729_302_400, 0)),
        ("1970-01-01T08:00:01+08:00", (1, 0)),
        ("1969-12-31T16:00:01-08:00", (1, 0)),
        ("1969-12-31T16:00:00-08:00", (0, 0)),
        ("1970-01-01T00:00:00.000000000Z", (0, 0)),
        ("1970-01-02T01:00:00+02:00", (82_800, 0)),
        ("0001-01-01T00:00:00-00:01", (-62_135_596_740, 0)),
        ("9999-12-31T23:59:59+00:01", (253_402_300_739, 0)),
        ("1970-01-01T00:00:00-11:30", (41_400, 0)),
        // Fraction digit counts other than 3, 6 and 9 are fine on input.
        ("1970-01-01T00:00:00.5Z", (0, 500_000_000)),
        ("1970-01-01T00:00:00.12345678Z", (0, 123_456_780)),
        // Leap days.
        ("2000-02-29T00:00:00Z", (951_782_400, 0)),
        ("2004-02-29T12:00:00Z", (1_078_056_000, 0)),
        ("0004-02-29T00:00:00Z", (-62_035_891_200, 0)),
        // Offsets at their limits, and an offset that moves the date back across a year.
        ("1970-01-01T00:00:00+23:59", (-86_340, 0)),
        ("1970-01-01T00:00:00-23:59", (86_340, 0)),
        ("2000-01-01T00:30:00+01:00", (946_683_000, 0)),
    ];
    for (text, expected) in valid {
        assert_eq!(parse_timestamp(text), Ok(expected), "{text}");
    }
}

#[test]
fn invalid_timestamps_are_rejected_naming_the_form() {
    let invalid = [
        "0000-01-01T00:00:00Z",            // TimestampJsonInputTooSmall
        "10000-01-01T00:00:00Z",           // TimestampJsonInputTooLarge
        "0001-01-01T00:00:00",             // TimestampJsonInputMissingZ
        "0001-01-01 00:00:00Z",            // TimestampJsonInputMissingT
        "0001-01-01T00:00:00z",            // TimestampJsonInputLowercaseZ
        "0001-01-01t00:00:00Z",            // TimestampJsonInputLowercaseT
        "1970-01-01T08:00:01+0800",        // TimestampWithMissingColonInOffset
        "1970-13-01T00:00:00Z",            // TimestampJsonInputMonthTooLarge
        "1970-00-01T00:00:00Z",            // TimestampJsonInputMonthZero
        "1970-01-32T00:00:00Z",            // TimestampJsonInputDayTooLarge
        "1970-01-00T00:00:00Z",            // TimestampJsonInputDayZero
        "1970-01-01T24:00:00Z",            // TimestampJsonInputHourTooLarge
        "1970-01-01T25:00:00Z",            // TimestampJsonInputHourTooLarge25
        "1970-01-01T00:60:00Z",            // TimestampJsonInputMinuteTooLarge
        "1970-01-01T00:00:60Z",            // TimestampJsonInputSecondTooLarge
        "1970-01-01T00:00:00+24:00",       // TimestampJsonInputInvalidOffsetHour
        "1970-01-01T00:00:00+00:60",       // TimestampJsonInputInvalidOffsetMinute
        "0001-01-01T00:00:00+00:01",       // TimestampJsonInputOffsetBoundaryUnderflow
        "9999-12-31T23:59:59-00:01",       // TimestampJsonInputOffsetBoundaryOverflow
        "1970-01-01T00:00:00.1234567890Z", // TimestampJsonInputInvalidNanos
        "1970-01-01T00:00:00.123aZ",       // TimestampJsonInputInvalidCharsInNanos
        "999-01-01T00:00:00Z",             // TimestampJsonInputYearTooShort
        "00001-01-01T00:00:00Z",           // TimestampJsonInputYearTooLong
        "1970-1-01T00:00:00Z",             // TimestampJsonInputMonthTooShort
        "1970-01-1T00:00:00Z",             // TimestampJsonInputDayTooShort
        "2001-02-29T00:00:00Z",            // TimestampJsonInputNonLeapFeb29
        "1900-02-29T00:00:00Z",            // not a leap year (divisible by 100)
        "1970-04-31T00:00:00Z",
        "1970-01-01T00:00:00.Z",
        "1970-01-01T00:00:00Z ",
        " 1970-01-01T00:00:00Z",
        "1970-01-01T00:00:00+08",
        "1970-01-01T00:00:00+8:00",
        "1970-01-01T00:00:00ZZ",
        "1970-01-01",
        "",
        "1970-01-01T00:00:00,5Z",
        "+1970-01-01T00:00:00Z",
        "１970-01-01T00:00:00Z",
    ];
    for text in invalid {
        let message = err_text(parse_timestamp(text));
        assert!(message.starts_with("expected "), "{text}: {message}");
        assert!(message.contains(&format!("{text:?}")), "{text}: {message}");
    }
    assert_eq!(
        err_text(parse_timestamp("0001-01-01T00:00:00")),
        "expected an RFC 3339 Timestamp like \"1972-01-01T10:00:20.021Z\" (uppercase 'T', 0 to 9 \
         fraction digits, 'Z' or an offset like \"+08:00\"), found \"0001-01-01T00:00:00\""
    );
    assert_eq!(
        err_text(parse_timestamp("2001-02-29T00:00:00Z")),
        "expected a Timestamp with a valid date and time of day (month 01-12, a day that exists \
         in that month, hour 00-23, minute and second 00-59), found \"2001-02-29T00:00:00Z\""
    );
    assert_eq!(
        err_text(parse_timestamp("0001-01-01T00:00:00+00:01")),
        "expected a Timestamp between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z, \
         found \"0001-01-01T00:00:00+00:01\""
    );
}

#[test]
fn every_hundred_thousandth_second_round_trips() {
    let step = (TIMESTAMP_MAX_SECONDS - TIMESTAMP_MIN_SECONDS) / 100_003;
    let mut seconds = TIMESTAMP_MIN_SECONDS;
    let mut nanos = 0i32;
    while seconds <= TIMESTAMP_MAX_SECONDS {
        let text = format_timestamp(seconds, nanos).unwrap();
        assert_eq!(parse_timestamp(&text), Ok((seconds, nanos)), "{text}");
        seconds += step;
        nanos = (nanos + 123_457_001) % NANOS_PER_SECOND;
    }
}

#[test]
fn long_inputs_are_cut_in_messages() {
    let long = format!("{}Z", "9".repeat(1000));
    let message = err_text(parse_timestamp(&long));
    assert!(message.ends_with("… (1001 bytes)"), "{message}");
    assert!(message.len() < 300, "{message}");
    // Cutting never splits a character.
    let wide = "谷".repeat(100);
    assert!(err_text(parse_timestamp(&wide)).ends_with("… (300 bytes)"));
}

// ------------------------------------------------------------------------------ Duration

#[test]
fn durations_format_with_the_sign_in_front_and_0_3_6_or_9_fraction_digits() {
    let cases = [
        (0, 0, "0s"),
        (1, 0, "1s"),
        (-5, 0, "-5s"),
        (1, 500_000_000, "1.500s"),
        (-1, -500_000_000, "-1.500s"),
        (0, -500_000_000, "-0.500s"),
        (0, 500_000_000, "0.500s"),
        (0, 10_000, "0.000010s"),
        (0, -1, "-0.000000001s"),
        (1, 10, "1.000000010s"),
        (DURATION_MAX_SECONDS, 999_999_999, "315576000000.999999999s"),
        (
            -DURATION_MAX_SECONDS,
            -999_999_999,
            "-315576000000.999999999s",
        ),
    ];
    for (seconds, nanos, text) in cases {
        assert_eq!(format_duration(seconds, nanos).unwrap(), text);
        assert_eq!(parse_duration(text), Ok((seconds, nanos)), "{text}");
    }
}

#[test]
fn durations_out_of_range_or_with_disagreeing_signs_do_not_format() {
    // DurationProtoInputTooSmall/TooLarge, NanosWrongSign(NegativeSecs), NanosTooSmall/TooLarge.
    assert_eq!(
        err_text(format_duration(-315_576_000_001, 0)),
        "expected a Duration's seconds in -315576000000..=315576000000, found -315576000001"
    );
    assert!(format_duration(315_576_000_001, 0).is_err());
    assert!(format_duration(i64::MIN, 0).is_err());
    assert_eq!(
        err_text(format_duration(1, -1)),
        "expected a Duration's seconds and nanos to have the same sign, found seconds 1 and \
         nanos -1"
    );
    assert!(format_duration(-1, 1).is_err());
    assert_eq!(
        err_text(format_duration(-1, -1_000_000_000)),
        "expected a Duration's nanos in -999999999..=999999999, found -1000000000"
    );
    assert!(format_duration(1, 1_000_000_000).is_err());
    assert!(format_duration(0, i32::MIN).is_err());
}

#[test]
fn durations_parse_as_the_conformance_suite_expects() {
    let valid = [
        ("-315576000000.999999999s", (-315_576_000_000, -999_999_999)),
        ("315576000000.999999999s", (315_576_000_000, 999_999_999)),
        ("1.5s", (1, 500_000_000)),
        ("-1.5s", (-1, -500_000_000)),
        ("-5s", (-5, 0)),
        ("-0.5s", (0, -500_000_000)),
        ("1.000000000s", (1, 0)),
        ("1.010s", (1, 10_000_000)),
        ("1.000010s", (1, 10_000)),
        ("1.000000010s", (1, 10)),
        ("0s", (0, 0)),
        ("-0s", (0, 0)),
        ("0.1s", (0, 100_000_000)),
        ("0.12345678s", (0, 123_456_780)),
        // protobuf-go's grammar also reads these.
        ("+1s", (1, 0)),
        ("+1.5s", (1, 500_000_000)),
        (".5s", (0, 500_000_000)),
        ("-.5s", (0, -500_000_000)),
        ("1.s", (1, 0)),
        (".s", (0, 0)),
    ];
    for (text, expected) in valid {
        assert_eq!(parse_duration(text), Ok(expected), "{text}");
    }
}

#[test]
fn invalid_durations_are_rejected_naming_the_form() {
    let invalid = [
        "1", // DurationMissingS
        "1S",
        "s",
        "-s",
        "-",
        "",
        "01s",
        "00s",
        "-01s",
        "+s",
        "+-1s",
        "1..5s",
        "1.0000000001s",
        "1e3s",
        " 1s",
        "1s ",
        "1 s",
        "--1s",
        "1.5ss",
        "0x10s",
    ];
    for text in invalid {
        let message = err_text(parse_duration(text));
        assert!(
            message.starts_with("expected a Duration like"),
            "{text}: {message}"
        );
        assert!(message.contains(&format!("{text:?}")), "{text}: {message}");
    }
    // DurationJsonInputTooSmall, DurationJsonInputTooLarge, and far beyond i64.
    for text in [
        "-315576000001.000000000s",
        "315576000001.000000000s",
        "315576000001s",
        "99999999999999999999999s",
    ] {
        assert_eq!(
            err_text(parse_duration(text)),
            format!(
                "expected a Duration between -315576000000.999999999s and \
                 315576000000.999999999s, found {text:?}"
            )
        );
    }
}

// ------------------------------------------------------------------------------ FieldMask

fn paths(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn field_masks_round_trip_through_camel_case() {
    let cases: [(&[&str], &str); 6] = [
        (&[], ""),
        (&["foo"], "foo"),
        (&["foo", "bar_baz"], "foo,barBaz"),
        (&["foo_bar.baz_qux", "a.b.c"], "fooBar.bazQux,a.b.c"),
        (&["foo3_bar", "x_y_z"], "foo3Bar,xYZ"),
        (&["_private"], "Private"),
    ];
    for (list, text) in cases {
        assert_eq!(format_field_mask(&paths(list)).unwrap(), text);
        assert_eq!(parse_field_mask(text).unwrap(), paths(list), "{text}");
    }
    // FieldMask, EmptyFieldMask.
    assert_eq!(
        parse_field_mask("foo,barBaz").unwrap(),
        paths(&["foo", "bar_baz"])
    );
    assert_eq!(parse_field_mask("").unwrap(), Vec::<String>::new());
    assert_eq!(parse_field_mask("  ").unwrap(), Vec::<String>::new());
    assert_eq!(parse_field_mask(" foo ").unwrap(), paths(&["foo"]));
}

#[test]
fn field_mask_paths_that_do_not_round_trip_do_not_format() {
    // FieldMaskPathsDontRoundTrip, FieldMaskNumbersDontRoundTrip, FieldMaskTooManyUnderscore.
    assert_eq!(
        err_text(format_field_mask(&paths(&["fooBar"]))),
        "expected a FieldMask path in lower snake_case that survives the JSON lowerCamelCase \
         round trip (no uppercase letters, no '_' before a digit, doubled or at the end), found \
         \"fooBar\" (its JSON form \"fooBar\" reads back as \"foo_bar\")"
    );
    for path in ["foo_3_bar", "foo__bar", "foo_bar_", "Foo", "foo_Bar"] {
        let message = err_text(format_field_mask(&paths(&["ok", path])));
        assert!(
            message.contains(&format!("found {path:?}")),
            "{path}: {message}"
        );
    }
    for path in [
        "", "foo,bar", "foo bar", "foo.", ".foo", "3foo", "foo..bar", "föo",
    ] {
        assert_eq!(
            err_text(format_field_mask(&paths(&[path]))),
            format!(
                "expected a FieldMask path of dot-separated field names like \"foo_bar.baz\", \
                 found {path:?}"
            )
        );
    }
}

#[test]
fn field_mask_texts_with_underscores_or_bad_paths_do_not_parse() {
    // FieldMaskInvalidCharacter.
    assert_eq!(
        err_text(parse_field_mask("foo,bar_bar")),
        "expected a FieldMask of comma-separated lowerCamelCase paths like \
         \"fooBar,baz.quxQuux\", found the path \"bar_bar\" in \"foo,bar_bar\""
    );
    for text in [
        "foo,,bar", "foo,", ",foo", "foo bar", "foo.", "3foo", "foo-bar", "föo",
    ] {
        assert!(parse_field_mask(text).is_err(), "{text}");
    }
}

// ------------------------------------------------------------------------------ bytes

#[test]
fn bytes_encode_as_standard_base64_with_padding() {
    assert_eq!(encode_bytes(b""), "");
    assert_eq!(encode_bytes(b"f"), "Zg==");
    assert_eq!(encode_bytes(b"fo"), "Zm8=");
    assert_eq!(encode_bytes(b"foo"), "Zm9v");
    assert_eq!(encode_bytes(&[0xfb, 0xff, 0xbf]), "+/+/");
}

#[test]
fn bytes_decode_from_standard_or_url_safe_base64_padded_or_not() {
    let cases: [(&str, &[u8]); 10] = [
        ("", b""),
        ("Zg==", b"f"),
        ("Zg", b"f"),
        ("Zm8=", b"fo"),
        ("Zm8", b"fo"),
        ("Zm9v", b"foo"),
        ("+/+/", &[0xfb, 0xff, 0xbf]),
        ("-_-_", &[0xfb, 0xff, 0xbf]),
        ("-_8=", &[0xfb, 0xff]),
        ("-_8", &[0xfb, 0xff]),
    ];
    for (text, expected) in cases {
        assert_eq!(decode_bytes(text).unwrap(), expected, "{text}");
    }
    // Trailing bits that are not zero are ignored, as protobuf-go does.
    assert_eq!(decode_bytes("Zh==").unwrap(), b"f");
}

#[test]
fn invalid_base64_is_rejected() {
    for text in [
        "Z", "Zg=", "Z===", "Zm9v!", "Zm 9v", "+_", "Zg==Zg==", "=", "Zm9v\n", "谷",
    ] {
        assert_eq!(
            err_text(decode_bytes(text)),
            format!(
                "expected base64 (standard or URL-safe alphabet, padding optional), found {text:?}"
            ),
        );
    }
}

// ------------------------------------------------------------------------------ integers

#[test]
fn quoted_integers_accept_every_json_number_form_with_a_whole_value() {
    assert_eq!(parse_i32_str("0"), Ok(0));
    assert_eq!(parse_i32_str("-0"), Ok(0));
    assert_eq!(parse_u32_str("-0"), Ok(0));
    assert_eq!(parse_u64_str("-0.0e5"), Ok(0));
    assert_eq!(parse_i32_str("2147483647"), Ok(i32::MAX));
    assert_eq!(parse_i32_str("-2147483648"), Ok(i32::MIN));
    assert_eq!(parse_i32_str("1e5"), Ok(100_000));
    assert_eq!(parse_i32_str("1E5"), Ok(100_000));
    assert_eq!(parse_i32_str("1e+5"), Ok(100_000));
    assert_eq!(parse_i32_str("1.0"), Ok(1));
    assert_eq!(parse_i32_str("1.5e1"), Ok(15));
    assert_eq!(parse_i32_str("1500e-2"), Ok(15));
    assert_eq!(parse_i32_str("100000.000"), Ok(100_000));
    assert_eq!(parse_i32_str("2.147483647e9"), Ok(i32::MAX));
    assert_eq!(parse_i32_str("-2.147483648e9"), Ok(i32::MIN));
    assert_eq!(parse_u32_str("4294967295"), Ok(u32::MAX));
    assert_eq!(parse_u32_str("4.294967295e9"), Ok(u32::MAX));
    assert_eq!(parse_i64_str("9223372036854775807"), Ok(i64::MAX));
    assert_eq!(parse_i64_str("-9223372036854775808"), Ok(i64::MIN));
    assert_eq!(parse_i64_str("9.223372036854775807e18"), Ok(i64::MAX));
    assert_eq!(parse_u64_str("18446744073709551615"), Ok(u64::MAX));
    assert_eq!(parse_u64_str("1.8446744073709551615e19"), Ok(u64::MAX));
    assert_eq!(parse_u64_str("0e999999999999999999999"), Ok(0));
    assert_eq!(parse_i64_str("0.000"), Ok(0));
}

#[test]
fn quoted_integers_out_of_range_are_rejected() {
    // Int64FieldTooLarge, Int64FieldTooSmall, Uint64FieldTooLarge,
    // Uint64QuotedExponentFieldTooLarge, and the 32-bit edges.
    type Parse = fn(&str) -> Result<(), Error>;
    let cases: [(&str, Parse, &str); 10] = [
        ("2147483648", |s| parse_i32_str(s).map(drop), "int32"),
        ("-2147483649", |s| parse_i32_str(s).map(drop), "int32"),
        ("4294967296", |s| parse_u32_str(s).map(drop), "uint32"),
        ("-1", |s| parse_u32_str(s).map(drop), "uint32"),
        (
            "9223372036854775808",
            |s| parse_i64_str(s).map(drop),
            "int64",
        ),
        (
            "-9223372036854775809",
            |s| parse_i64_str(s).map(drop),
            "int64",
        ),
        (
            "18446744073709551616",
            |s| parse_u64_str(s).map(drop),
            "uint64",
        ),
        ("-1e0", |s| parse_u64_str(s).map(drop), "uint64"),
        ("1e536870000", |s| parse_u64_str(s).map(drop), "uint64"),
        (
            "123456789012345678901234567890",
            |s| parse_i64_str(s).map(drop),
            "int64",
        ),
    ];
    for (text, parse, name) in cases {
        assert_eq!(
            err_text(parse(text)),
            format!("expected a {name} in range, found {text:?}"),
            "{text}"
        );
    }
}

#[test]
fn quoted_integers_with_fractions_are_rejected() {
    // Int64FieldNotInteger, Uint64FieldNotInteger.
    assert_eq!(
        err_text(parse_i64_str("0.5")),
        "expected a whole number for a int64, found \"0.5\""
    );
    for text in [
        "0.5",
        "1.5",
        "1e-1",
        "15e-1",
        "1.00000000000000000001",
        "1e-99999999999999999999",
    ] {
        assert!(
            err_text(parse_u64_str(text)).starts_with("expected a whole number"),
            "{text}"
        );
    }
}

#[test]
fn quoted_integers_must_be_json_numbers() {
    // Int32FieldStringValuePartiallyNumeric*, NonNumeric, EmptyString, NotNumber, PlusSign,
    // LeadingZero, NegativeWithLeadingZero, LeadingSpace, TrailingSpace.
    let not_numbers = [
        "12abc",
        "12 34",
        "12,34",
        "12谷歌34",
        "abc",
        "",
        "3x3",
        "+1",
        "01",
        "-01",
        " 1",
        "1 ",
        "-",
        ".5",
        "1.",
        "1e",
        "1e+",
        "0x10",
        "NaN",
        "Infinity",
        "1_000",
        "١",
    ];
    for text in not_numbers {
        assert_eq!(
            err_text(parse_i32_str(text)),
            format!(
                "expected a int32 as a number or a string holding a JSON number (no spaces, no \
                 leading '+' or zeros), found {text:?}"
            )
        );
        assert!(parse_u64_str(text).is_err(), "{text}");
    }
}

#[test]
fn floats_standing_for_integers_must_be_whole_and_in_range() {
    assert_eq!(integral_from_f64::<i32>(1e5), Ok(100_000));
    assert_eq!(integral_from_f64::<i32>(2_147_483_647.0), Ok(i32::MAX));
    assert_eq!(integral_from_f64::<i32>(-2_147_483_648.0), Ok(i32::MIN));
    assert_eq!(integral_from_f64::<u32>(4_294_967_295.0), Ok(u32::MAX));
    assert_eq!(integral_from_f64::<u32>(-0.0), Ok(0));
    assert_eq!(
        integral_from_f64::<i64>(9_223_372_036_854_774_784.0),
        Ok(9_223_372_036_854_774_784)
    );
    assert_eq!(
        integral_from_f64::<i64>(-9_223_372_036_854_775_808.0),
        Ok(i64::MIN)
    );
    assert_eq!(
        integral_from_f64::<u64>(18_446_744_073_709_549_568.0),
        Ok(18_446_744_073_709_549_568)
    );
    assert_eq!(
        err_text(integral_from_f64::<i32>(0.5)),
        "expected a whole number for a int32, found 0.5"
    );
    assert_eq!(
        err_text(integral_from_f64::<i32>(2_147_483_648.0)),
        "expected a int32 in range, found 2147483648"
    );
    assert!(integral_from_f64::<i32>(-2_147_483_649.0).is_err());
    assert!(integral_from_f64::<u32>(4_294_967_296.0).is_err());
    assert!(integral_from_f64::<u32>(-1.0).is_err());
    // 2^63 and 2^64 are the first values beyond i64 and u64.
    assert!(integral_from_f64::<i64>(9_223_372_036_854_775_808.0).is_err());
    assert!(integral_from_f64::<u64>(18_446_744_073_709_551_616.0).is_err());
    assert!(integral_from_f64::<u64>(-1.0).is_err());
    for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert!(integral_from_f64::<i64>(v).is_err(), "{v}");
    }
}

// ------------------------------------------------------------------------------ floats

#[test]
fn quoted_doubles_accept_special_names_and_json_numbers() {
    assert!(parse_f64_str("NaN").unwrap().is_nan());
    assert_eq!(parse_f64_str("Infinity"), Ok(f64::INFINITY));
    assert_eq!(parse_f64_str("-Infinity"), Ok(f64::NEG_INFINITY));
    assert_eq!(parse_f64_str("1"), Ok(1.0));
    assert_eq!(parse_f64_str("-2.5e-3"), Ok(-0.0025));
    assert_eq!(parse_f64_str("2.22507e-308"), Ok(2.22507e-308));
    assert_eq!(parse_f64_str("1.79769e+308"), Ok(1.79769e308));
    assert_eq!(parse_f64_str("1.7976931348623157e308"), Ok(f64::MAX));
    assert_eq!(parse_f64_str("4.9e-324"), Ok(4.9e-324));
    assert_eq!(parse_f64_str("1e-400"), Ok(0.0));
    assert!(parse_f64_str("-0").unwrap().is_sign_negative());
    assert_eq!(
        err_text(parse_f64_str("1e400")),
        "expected a double in range (magnitude at most 1.7976931348623157e308), found \"1e400\""
    );
    assert!(parse_f64_str("-1.8e308").is_err());
}

#[test]
fn quoted_floats_are_range_checked_for_f32() {
    assert_eq!(parse_f32_str("1"), Ok(1.0));
    assert_eq!(parse_f32_str("1.175494e-38"), Ok(1.175494e-38));
    assert_eq!(parse_f32_str("3.402823e+38"), Ok(3.402823e38));
    assert_eq!(parse_f32_str("-3.402823e+38"), Ok(-3.402823e38));
    assert_eq!(parse_f32_str("3.4028235e38"), Ok(f32::MAX));
    assert!(parse_f32_str("NaN").unwrap().is_nan());
    assert_eq!(parse_f32_str("-Infinity"), Ok(f32::NEG_INFINITY));
    // FloatFieldTooLarge, FloatFieldTooSmall.
    assert_eq!(
        err_text(parse_f32_str("3.502823e+38")),
        "expected a float in range (magnitude at most 3.4028235e38), found \"3.502823e+38\""
    );
    assert!(parse_f32_str("-3.502823e+38").is_err());
    assert!(parse_f32_str("1e39").is_err());
}

#[test]
fn quoted_floats_must_be_json_numbers_or_special_names() {
    // Float/DoubleFieldEmptyString, StringValuePartiallyNumeric*, StringValueNonNumeric.
    let not_numbers = [
        "",
        "12abc",
        "abc",
        "12 34",
        "12,34",
        "12谷歌34",
        "nan",
        "inf",
        "infinity",
        "+Infinity",
        "-NaN",
        "+1",
        ".5",
        "5.",
        "1e",
        "01",
        " 1",
        "1 ",
        "0x1p3",
        "1_0",
    ];
    for text in not_numbers {
        assert_eq!(
            err_text(parse_f64_str(text)),
            format!(
                "expected a double as a number or a string holding a JSON number, \"NaN\", \
                 \"Infinity\" or \"-Infinity\", found {text:?}"
            )
        );
        assert!(
            err_text(parse_f32_str(text)).starts_with("expected a float as a number"),
            "{text}"
        );
    }
}

#[test]
fn doubles_narrow_to_floats_unless_they_overflow() {
    assert_eq!(f32_in_range(1.5), Ok(1.5));
    assert_eq!(f32_in_range(3.402823e38), Ok(3.402823e38));
    assert_eq!(f32_in_range(f64::from(f32::MAX)), Ok(f32::MAX));
    assert_eq!(f32_in_range(1e-50), Ok(0.0));
    assert_eq!(f32_in_range(f64::INFINITY), Ok(f32::INFINITY));
    assert_eq!(f32_in_range(f64::NEG_INFINITY), Ok(f32::NEG_INFINITY));
    assert!(f32_in_range(f64::NAN).unwrap().is_nan());
    assert_eq!(
        err_text(f32_in_range(3.502823e38)),
        "expected a float in range (magnitude at most 3.4028235e38), found 3.502823e38"
    );
    assert!(f32_in_range(-3.502823e38).is_err());
    assert!(f32_in_range(f64::MAX).is_err());
}

#[test]
fn non_finite_floats_have_names() {
    assert_eq!(non_finite_name(f64::NAN), Some("NaN"));
    assert_eq!(non_finite_name(f64::INFINITY), Some("Infinity"));
    assert_eq!(non_finite_name(f64::NEG_INFINITY), Some("-Infinity"));
    assert_eq!(non_finite_name(0.0), None);
    assert_eq!(non_finite_name(f64::MAX), None);
}
