//! JSON or CSV, as the client's `Accept` header asks.

use actix_web::{
    HttpRequest, HttpResponse,
    http::header::{self, Accept, ContentDisposition, DispositionParam, DispositionType, Header},
};
use serde::Serialize;

use crate::http::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

/// CSV when the most preferred acceptable type (by q-value, then
/// specificity, then the order given) is `text/csv` or `text/*`; JSON
/// otherwise — also when there is no `Accept` header, or it cannot be read,
/// or it names nothing we serve.
pub fn negotiate(req: &HttpRequest) -> Format {
    let Ok(accept) = Accept::parse(req) else {
        return Format::Json;
    };
    let acceptable = Accept(
        accept
            .0
            .into_iter()
            .filter(|item| item.quality > header::Quality::ZERO)
            .collect(),
    );
    for mime in acceptable.ranked() {
        match (mime.type_().as_str(), mime.subtype().as_str()) {
            ("text", "csv") | ("text", "*") => return Format::Csv,
            ("application", "json") | ("application", "*") | ("*", "*") => return Format::Json,
            _ => {}
        }
    }
    Format::Json
}

/// Spreadsheet programs read a CSV file as UTF-8 only when it starts with
/// a byte order mark; without one, Chinese names come out garbled.
const BOM: &str = "\u{feff}";

/// `rows` as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a
/// comma, quote or line break), header first even when there are no rows.
/// A `None` is an empty field.
pub fn csv<T: Serialize>(
    filename: &str,
    columns: &[&str],
    rows: impl IntoIterator<Item = T>,
) -> Result<HttpResponse, ApiError> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.as_bytes().to_vec());
    let internal = |e: csv::Error| ApiError::Internal(e.into());
    writer.write_record(columns).map_err(internal)?;
    for row in rows {
        writer.serialize(row).map_err(internal)?;
    }
    let body = writer
        .into_inner()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            "text/csv; charset=utf-8; header=present",
        ))
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(filename.to_string())],
        })
        .insert_header((header::VARY, "Accept"))
        .body(body))
}

/// The JSON answer, marked as varying with `Accept`.
pub fn json(body: &impl Serialize) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::VARY, "Accept"))
        .json(body)
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn with(accept: &str) -> Format {
        negotiate(
            &TestRequest::default()
                .insert_header((header::ACCEPT, accept))
                .to_http_request(),
        )
    }

    #[test]
    fn csv_only_when_asked_for_first() {
        assert_eq!(
            negotiate(&TestRequest::default().to_http_request()),
            Format::Json
        );
        assert_eq!(with("text/csv"), Format::Csv);
        assert_eq!(with("text/csv; charset=utf-8"), Format::Csv);
        assert_eq!(with("application/json"), Format::Json);
        assert_eq!(with("*/*"), Format::Json);
        assert_eq!(with("text/csv, */*"), Format::Csv);
        assert_eq!(with("*/*, text/csv"), Format::Csv);
        assert_eq!(with("application/json, text/csv"), Format::Json);
        assert_eq!(with("application/json;q=0.5, text/csv"), Format::Csv);
        assert_eq!(with("text/csv;q=0, application/json"), Format::Json);
        assert_eq!(with("text/html"), Format::Json);
        assert_eq!(with("garbage;;"), Format::Json);
    }

    #[test]
    fn csv_starts_with_a_bom_and_quotes_what_needs_it() {
        #[derive(Serialize)]
        struct Row {
            name: String,
            rate: Option<f64>,
        }
        let rows = [
            Row {
                name: "人社局, \"就业\"".into(),
                rate: Some(0.5),
            },
            Row {
                name: "教育局".into(),
                rate: None,
            },
        ];
        let resp = csv("r.csv", &["name", "rate"], rows).unwrap();
        let body = actix_web::body::to_bytes(resp.into_body());
        let bytes = futures_util::FutureExt::now_or_never(body)
            .unwrap()
            .unwrap();
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        assert_eq!(
            text,
            "\u{feff}name,rate\r\n\"人社局, \"\"就业\"\"\",0.5\r\n教育局,\r\n"
        );
    }
}
