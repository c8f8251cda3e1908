//! JSON or CSV, as the client's `Accept` header asks.

use actix_web::{
    HttpRequest, HttpResponse,
    http::header::{self, Accept, ContentDisposition, DispositionParam, DispositionType, Header},
};
use std::borrow::Cow;

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
/// A `None` is an empty field. Every cell passes [`spreadsheet_safe`].
pub fn csv<T: Serialize>(
    filename: &str,
    columns: &[&str],
    rows: impl IntoIterator<Item = T>,
) -> Result<HttpResponse, ApiError> {
    let internal = |e: csv::Error| ApiError::Internal(e.into());
    // The rows are serialised once as plain CSV and read back as records,
    // so each cell can be made safe whatever type it came from.
    let mut plain = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for row in rows {
        plain.serialize(row).map_err(internal)?;
    }
    let plain = plain
        .into_inner()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?;
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.as_bytes().to_vec());
    writer
        .write_record(columns.iter().map(|c| spreadsheet_safe(c).into_owned()))
        .map_err(internal)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(plain.as_slice());
    for record in reader.records() {
        let record = record.map_err(internal)?;
        writer
            .write_record(record.iter().map(|c| spreadsheet_safe(c).into_owned()))
            .map_err(internal)?;
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

/// A cell a spreadsheet will not run as a formula (OWASP's CSV injection
/// advice): one beginning with `=`, `+`, `-`, `@`, tab or carriage return
/// gets a leading `'`, which Excel and WPS show as text and do not print.
/// A plain number (`-3`, `+0.5`) is left alone: it is a value, not a formula.
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().map_or(true, |n| !n.is_finite()) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
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
    fn formulas_are_neutralised_and_numbers_kept() {
        for lead in ['=', '+', '-', '@', '\t', '\r'] {
            let cell = format!("{lead}HYPERLINK(\"http://x\")");
            assert_eq!(spreadsheet_safe(&cell), format!("'{cell}"), "{lead:?}");
        }
        for cell in ["-3", "+0.5", "-1e3", "人社局", "", "a=b", "0"] {
            assert_eq!(spreadsheet_safe(cell), cell);
        }
        assert_eq!(spreadsheet_safe("-inf"), "'-inf");
        assert_eq!(spreadsheet_safe("-NaN"), "'-NaN");
    }

    #[test]
    fn every_cell_of_a_csv_is_safe() {
        #[derive(Serialize)]
        struct Row {
            name: String,
            n: i64,
        }
        let rows = ['=', '+', '-', '@', '\t', '\r'].map(|lead| Row {
            name: format!("{lead}cmd|' /C calc'!A0"),
            n: -2,
        });
        let resp = csv("r.csv", &["name", "n"], rows).unwrap();
        let body = actix_web::body::to_bytes(resp.into_body());
        let bytes = futures_util::FutureExt::now_or_never(body)
            .unwrap()
            .unwrap();
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let mut seen = 0;
        for record in reader.records() {
            let record = record.unwrap();
            assert!(record[0].starts_with('\''), "{:?}", &record[0]);
            assert_eq!(&record[1], "-2");
            seen += 1;
        }
        assert_eq!(seen, 6);
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
