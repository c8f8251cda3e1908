//! The texts of notifications, in Chinese and English, for the enterprise
//! and for the service side. The Chinese text with the 【呼应】 signature
//! is the SMS text and fits one SMS (70 characters).

use crate::domain::ticket::{Action, EventKind};

/// Whom a text addresses: the enterprise ("your request") or the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Enterprise,
    Service,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

/// The signature an SMS gateway expects in front of every message.
pub const SMS_SIGNATURE: &str = "【呼应】";
/// One SMS in Chinese: 70 characters.
pub const SMS_MAX_CHARS: usize = 70;

/// The Chinese and English patterns (`{n}` is the ticket number).
fn pattern(kind: EventKind, side: Side) -> (&'static str, &'static str) {
    use Side::*;
    match (kind, side) {
        (EventKind::Filed, Enterprise) => (
            "您的诉求{n}已受理，将尽快分派。",
            "Your request {n} was received.",
        ),
        (EventKind::Filed, Service) => (
            "新诉求{n}待分派，请及时处理。",
            "New request {n} awaits dispatch.",
        ),
        (EventKind::Action(a), Enterprise) => match a {
            Action::Dispatch => (
                "您的诉求{n}已派至承办部门办理。",
                "Your request {n} was sent to a department.",
            ),
            Action::Claim => (
                "您的诉求{n}已有专人承办。",
                "Your request {n} is being handled.",
            ),
            Action::Return => (
                "您的诉求{n}正在重新分派。",
                "Your request {n} is being re-routed.",
            ),
            Action::Reject => (
                "您的诉求{n}未予受理，详情请登录查看。",
                "Your request {n} was not accepted.",
            ),
            Action::Cancel => ("您的诉求{n}已撤回。", "Your request {n} was cancelled."),
            Action::RequestInfo => (
                "您的诉求{n}需补充材料，请登录查看。",
                "Your request {n} needs more information.",
            ),
            Action::Reply => (
                "您已为诉求{n}补充材料。",
                "You added information to request {n}.",
            ),
            Action::Escalate => (
                "您的诉求{n}已提级协调办理。",
                "Your request {n} was escalated.",
            ),
            Action::Resolve => (
                "您的诉求{n}已办结，请在7日内评价。",
                "Your request {n} was resolved; please rate it within 7 days.",
            ),
            Action::Confirm => (
                "您的诉求{n}已确认办结，感谢评价。",
                "Request {n} is closed. Thank you for rating it.",
            ),
            Action::Reopen => ("您的诉求{n}已重新办理。", "Your request {n} was reopened."),
            Action::Urge => (
                "您的诉求{n}已督办。",
                "Request {n} was urged by a supervisor.",
            ),
            Action::PullBack => (
                "您的诉求{n}正在重新安排承办人。",
                "Your request {n} is being reassigned.",
            ),
            Action::Assign => (
                "您的诉求{n}已有专人承办。",
                "Your request {n} is being handled.",
            ),
        },
        (EventKind::Action(a), Service) => match a {
            Action::Dispatch => (
                "诉求{n}已派至贵部门，请及时签收。",
                "Request {n} was dispatched to your department.",
            ),
            Action::Claim => ("诉求{n}已签收。", "Request {n} was claimed."),
            Action::Return => (
                "诉求{n}被部门退回，请重新分派。",
                "Request {n} was returned; please dispatch it again.",
            ),
            Action::Reject => ("诉求{n}不予受理。", "Request {n} was rejected."),
            Action::Cancel => (
                "诉求{n}已被企业撤回。",
                "Request {n} was cancelled by the enterprise.",
            ),
            Action::RequestInfo => (
                "诉求{n}已请企业补充材料。",
                "More information was asked for request {n}.",
            ),
            Action::Reply => (
                "诉求{n}企业已补充材料，请继续办理。",
                "The enterprise replied on request {n}.",
            ),
            Action::Escalate => (
                "诉求{n}已提级，请协调分派。",
                "Request {n} was escalated; please route it.",
            ),
            Action::Resolve => ("诉求{n}已办结。", "Request {n} was resolved."),
            Action::Confirm => (
                "诉求{n}企业已确认办结。",
                "The enterprise confirmed request {n}.",
            ),
            Action::Reopen => (
                "诉求{n}企业不满意，已重新打开。",
                "The enterprise reopened request {n}.",
            ),
            Action::Urge => (
                "诉求{n}被督办催办，请加快办理。",
                "A supervisor urged request {n}.",
            ),
            Action::PullBack => (
                "诉求{n}已被撤回至部门待签收。",
                "Request {n} was pulled back to your department's queue.",
            ),
            Action::Assign => (
                "诉求{n}已指派给您，请及时办理。",
                "Request {n} was assigned to you.",
            ),
        },
        (EventKind::Comment, Enterprise) => (
            "您的诉求{n}有新回复，请登录查看。",
            "There is a new reply on your request {n}.",
        ),
        (EventKind::Comment, Service) => (
            "诉求{n}有新留言。",
            "There is a new comment on request {n}.",
        ),
        (EventKind::InternalNote, _) => (
            "诉求{n}有新内部备注。",
            "There is a new internal note on request {n}.",
        ),
        (EventKind::SlaPaused, _) => (
            "诉求{n}等待企业补充，计时暂停。",
            "The clock of request {n} is paused.",
        ),
        (EventKind::SlaResumed, _) => ("诉求{n}恢复计时。", "The clock of request {n} runs again."),
        (EventKind::SlaWarning, _) => (
            "诉求{n}即将超时（黄牌），请尽快办理。",
            "Request {n} is close to its deadline (yellow card).",
        ),
        (EventKind::SlaBreached, _) => (
            "诉求{n}已超时（红牌），请立即处理。",
            "Request {n} is past its deadline (red card).",
        ),
        (EventKind::AutoClose, Enterprise) => (
            "您的诉求{n}已自动办结。",
            "Your request {n} was closed automatically.",
        ),
        (EventKind::AutoClose, Service) => (
            "诉求{n}已自动办结。",
            "Request {n} was closed automatically.",
        ),
        (EventKind::ExtensionRequested, _) => (
            "诉求{n}申请延期，请审批。",
            "An extension was requested for request {n}.",
        ),
        (EventKind::ExtensionGranted, Enterprise) => (
            "您的诉求{n}办理期限已延长。",
            "The deadline of your request {n} was extended.",
        ),
        (EventKind::ExtensionGranted, Service) => (
            "诉求{n}延期申请已批准。",
            "The extension of request {n} was granted.",
        ),
        (EventKind::ExtensionDenied, _) => (
            "诉求{n}延期申请未获批准。",
            "The extension of request {n} was denied.",
        ),
        (EventKind::Released, Enterprise) => (
            "您的诉求{n}正在重新安排承办人。",
            "Your request {n} is being reassigned.",
        ),
        (EventKind::Released, Service) => (
            "诉求{n}承办人已离岗，已退回部门待签收。",
            "Request {n} is back in your department's queue: its assignee left.",
        ),
        (EventKind::InfoRequestExpired, Enterprise) => (
            "您的诉求{n}补充材料期限已过，将继续办理。",
            "The time to add information to your request {n} ran out; it is handled on.",
        ),
        (EventKind::InfoRequestExpired, Service) => (
            "诉求{n}企业逾期未补充材料，已恢复计时。",
            "The enterprise did not answer on request {n} in time; the clock runs again.",
        ),
    }
}

/// The text of a notification of `kind` on ticket `number` for `side`.
pub fn text(kind: EventKind, side: Side, lang: Lang, number: &str) -> String {
    let (zh, en) = pattern(kind, side);
    match lang {
        Lang::Zh => zh.replace("{n}", number),
        Lang::En => en.replace("{n}", number),
    }
}

/// The SMS: the signature and the Chinese text.
pub fn sms(kind: EventKind, side: Side, number: &str) -> String {
    format!("{SMS_SIGNATURE}{}", text(kind, side, Lang::Zh, number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sms_fits_one_message() {
        for kind in EventKind::all() {
            for side in [Side::Enterprise, Side::Service] {
                let s = sms(kind, side, "2026-000123");
                assert!(s.chars().count() <= SMS_MAX_CHARS, "{kind}: {s}");
                assert!(text(kind, side, Lang::En, "2026-000123").contains("2026-000123"));
            }
        }
    }

    #[test]
    fn the_resolution_sms_reads_as_the_design_says() {
        assert_eq!(
            sms(
                EventKind::Action(Action::Resolve),
                Side::Enterprise,
                "2026-000123"
            ),
            "【呼应】您的诉求2026-000123已办结，请在7日内评价。"
        );
    }
}
