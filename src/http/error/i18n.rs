//! The problem's `detail` in the caller's language (`Accept-Language`:
//! Chinese or English, English when neither is asked for). `title`, `type`
//! and `code` stay the same in every language: clients match on those.

use super::ApiError;
use crate::domain::ticket::TicketStatus;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The language of an `Accept-Language` value: the supported one with
    /// the highest weight, the first of equals; English otherwise.
    pub fn from_accept_language(value: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for item in value.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let weight = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let lang = if tag == "zh" || tag.starts_with("zh-") {
                Lang::Zh
            } else if tag == "en" || tag.starts_with("en-") {
                Lang::En
            } else {
                continue;
            };
            if weight > 0.0 && best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, lang));
            }
        }
        best.map_or(Lang::En, |(_, lang)| lang)
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

/// The human-readable detail; never an error variant's name.
pub(super) fn detail(err: &ApiError, lang: Lang) -> String {
    match lang {
        Lang::En => english(err),
        Lang::Zh => chinese(err),
    }
}

fn english(err: &ApiError) -> String {
    match err {
        // Our own sentences start in lower case; the token library's words
        // (`InvalidSignature`, `Base64 error: …`) say nothing to a person.
        ApiError::InvalidToken(d) if !d.starts_with(|c: char| c.is_ascii_lowercase()) => {
            "the access token is not valid (damaged, or not issued by this service); sign in again"
                .to_string()
        }
        other => other.to_string(),
    }
}

/// Kinds that carry what the sentence needs are matched by variant; the
/// rest by their stable code, so that a kind added later falls back to the
/// English text (with its code's sentence once one is added here).
fn chinese(err: &ApiError) -> String {
    use ApiError::*;
    match err {
        MalformedJson(d) => format!("请求体不是有效的 JSON（{d}）"),
        InvalidQuery(d) => format!("查询参数无效（{d}）"),
        BadRequest(d) => format!("请求无效（{d}）"),
        Forbidden(d) if d == "your role may not do this" => "您的角色无权执行此操作".to_string(),
        Forbidden(d) => format!("无权执行此操作（{d}）"),
        NotFound(d) => not_found(d),
        MethodNotAllowed { method, allow } => {
            format!("此处不允许 {method} 方法；允许的方法：{allow}")
        }
        Conflict { code, detail } => conflict(code, detail),
        WrongStatus { current, .. } => {
            format!("工单当前状态为「{}」，不能执行此操作", status(*current))
        }
        ClaimedBy {
            current,
            assignee_name,
            ..
        } => format!(
            "工单已被{assignee_name}领取，当前状态为「{}」",
            status(*current)
        ),
        BulkRefused(failures) => format!("{} 张工单被拒绝，未做任何更改", failures.len()),
        PayloadTooLarge(limit) => format!("请求体超过 {limit} 字节的上限"),
        Validation(fields) => format!("有 {} 个字段无效", fields.len()),
        TooManyRequests { retry_after_secs } => {
            format!("尝试次数过多，请 {retry_after_secs} 秒后再试")
        }
        Unavailable(d) if d.contains("database") => "服务暂不可用：数据库无法连接".to_string(),
        other => by_code(other.code()).map_or_else(|| other.to_string(), str::to_string),
    }
}

fn by_code(code: &str) -> Option<&'static str> {
    Some(match code {
        "unauthenticated" => "此请求需要访问令牌：Authorization: Bearer <令牌>",
        "invalid_token" => "访问令牌无效，请重新登录",
        "token_expired" => "访问令牌已过期，请用刷新令牌换取新的访问令牌",
        "invalid_credentials" => "登录名或密码错误",
        "invalid_refresh_token" => "刷新令牌无效，请重新登录",
        "precondition_failed" => "数据已被修改（If-Match 不符），请重新读取后再试",
        "unsupported_media_type" => "请求体须以 application/json 发送",
        "uri_too_long" => "请求地址过长",
        "unavailable" => "服务暂不可用，请稍后再试",
        "internal" => "内部错误",
        _ => return None,
    })
}

fn not_found(detail: &str) -> String {
    if detail == "no route matches this path" {
        return "没有与此路径匹配的接口".to_string();
    }
    let what = match detail.strip_prefix("no such ") {
        Some("ticket") => "工单",
        Some("user") => "用户",
        Some("department") => "部门",
        Some("enterprise") => "企业",
        Some("industry chain") => "产业链",
        Some("category") => "类别",
        Some("calendar") => "日历",
        Some("SLA policy") => "时限策略",
        Some("service item") => "服务事项",
        Some("extension") | Some("extension request") => "延期申请",
        _ => "资源",
    };
    format!("找不到该{what}")
}

fn conflict(code: &str, detail: &str) -> String {
    match code {
        "already_exists" => "已存在具有相同唯一值的记录".to_string(),
        "reference_conflict" => "引用的记录不存在，或此记录仍被引用".to_string(),
        "self_lockout" => "不能停用自己的账号或取消自己的管理员角色".to_string(),
        "idempotency_conflict" => "此 Idempotency-Key 已用于另一个请求".to_string(),
        "concurrent_update" => "工单在此期间不断变化，请重试".to_string(),
        "return_window_closed" => "可退回的期限已过".to_string(),
        "reopen_window_closed" => "可重新打开的期限已过".to_string(),
        "no_deadline" => "此工单没有可延长的办结时限".to_string(),
        "extension_pending" => "此工单已有待审批的延期申请".to_string(),
        "extension_limit" => "此工单的延期次数已达上限".to_string(),
        "extension_decided" => "此延期申请已处理".to_string(),
        _ => format!("与当前数据冲突（{detail}）"),
    }
}

fn status(status: TicketStatus) -> &'static str {
    match status {
        TicketStatus::Submitted => "待派单",
        TicketStatus::Dispatched => "已派单",
        TicketStatus::InProgress => "处理中",
        TicketStatus::AwaitingEnterprise => "待企业补充",
        TicketStatus::Escalated => "已升级",
        TicketStatus::Resolved => "已办结",
        TicketStatus::Closed => "已关闭",
        TicketStatus::Rejected => "已驳回",
        TicketStatus::Cancelled => "已撤销",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weightiest_supported_language_wins() {
        assert_eq!(
            Lang::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"),
            Lang::Zh
        );
        assert_eq!(Lang::from_accept_language("en-US,zh;q=0.5"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr, zh;q=0.1"), Lang::Zh);
        assert_eq!(
            Lang::from_accept_language("en;q=0.2, zh-Hans;q=0.7"),
            Lang::Zh
        );
        assert_eq!(Lang::from_accept_language("zh;q=0, en"), Lang::En);
        assert_eq!(Lang::from_accept_language("de"), Lang::En);
        assert_eq!(Lang::from_accept_language(""), Lang::En);
        assert_eq!(Lang::from_accept_language("*"), Lang::En);
    }

    #[test]
    fn no_detail_is_an_identifier() {
        let token = ApiError::InvalidToken("InvalidSignature".into());
        assert!(detail(&token, Lang::En).contains(' '));
        assert!(!detail(&token, Lang::Zh).contains("Invalid"));
        assert_eq!(
            detail(&ApiError::not_found("ticket"), Lang::Zh),
            "找不到该工单"
        );
        assert_eq!(
            detail(&ApiError::not_found("ticket"), Lang::En),
            "no such ticket"
        );
    }
}
