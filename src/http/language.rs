//! Problem answers in the caller's language: a problem whose caller asked
//! for Chinese (`Accept-Language: zh-CN, …`) gets its `detail` rewritten;
//! everything else, status and headers included, stays as it was.

use actix_web::{
    Error,
    body::{BoxBody, EitherBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::header::{self, HeaderValue},
    middleware::Next,
};

use super::error::{ApiError, Lang};

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<BoxBody, impl MessageBody>>, Error> {
    let lang = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default();
    let response = next.call(req).await?;
    let body = match lang {
        Lang::En => None,
        lang => response
            .response()
            .error()
            .and_then(|e| e.as_error::<ApiError>())
            .map(|e| e.problem_body(lang)),
    };
    Ok(match body {
        Some(body) => response
            .map_body(|head, _| {
                head.headers.insert(
                    header::CONTENT_LANGUAGE,
                    HeaderValue::from_static(lang.tag()),
                );
                BoxBody::new(body)
            })
            .map_into_left_body(),
        None => response.map_into_right_body(),
    })
}
