use serde_json::json;

use super::*;

#[test]
fn weekly_hours_round_trip() {
    let text = r#"{"mon":[["09:00","12:00"],["13:30","17:30"]],"sat":[["22:00","24:00"]],"sun":[["00:00","03:00:30"]]}"#;
    let weekly: WeeklyHours = serde_json::from_str(text).expect("valid");
    assert_eq!(
        weekly.day(Weekday::Mon),
        [iv("09:00", "12:00"), iv("13:30", "17:30")]
    );
    assert_eq!(weekly.day(Weekday::Tue), []);
    assert_eq!(weekly.day(Weekday::Sat)[0].end(), 86_400);
    assert_eq!(weekly.day(Weekday::Sun)[0].end(), 3 * 3600 + 30);
    assert_eq!(serde_json::to_string(&weekly).expect("serializes"), text);
}

#[test]
fn china_government_hours_serialize_as_documented() {
    let value = serde_json::to_value(CHINA.weekly()).expect("serializes");
    let day = json!([["09:00", "12:00"], ["13:30", "17:30"]]);
    assert_eq!(
        value,
        json!({"mon": day, "tue": day, "wed": day, "thu": day, "fri": day})
    );
}

#[test]
fn durations_and_targets() {
    assert_eq!(
        serde_json::to_string(&hours(8)).expect("serializes"),
        "28800"
    );
    assert_eq!(
        serde_json::from_str::<BusinessDuration>("28800").expect("valid"),
        hours(8)
    );
    let targets = [SlaTarget::Business(hours(8)), SlaTarget::WorkingDays(5)];
    let text = serde_json::to_string(&targets).expect("serializes");
    assert_eq!(text, r#"[{"business":28800},{"working_days":5}]"#);
    assert_eq!(
        serde_json::from_str::<Vec<SlaTarget>>(&text).expect("valid"),
        targets
    );
}

#[test]
fn holiday_list_round_trip() {
    let text = serde_json::to_string(&*CN_2026).expect("serializes");
    let again: HolidayList = serde_json::from_str(&text).expect("valid");
    assert_eq!(again, *CN_2026);
    assert!(text.contains(r#""time_zone":"Asia/Shanghai""#));
}

#[test]
fn duration_arithmetic() {
    assert_eq!(hours(1) + minutes(30), secs(5400));
    assert_eq!(BusinessDuration::MAX + hours(1), BusinessDuration::MAX);
    assert_eq!(hours(1).checked_sub(hours(2)), None);
    assert_eq!(hours(2).checked_sub(hours(1)), Some(hours(1)));
    assert_eq!(hours(1).saturating_sub(hours(2)), BusinessDuration::ZERO);
    assert!(hours(1) < hours(2));
    assert_eq!(hours(2).as_secs(), 7200);
}
