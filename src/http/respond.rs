//! Answers more than one handler gives the same way.

use actix_web::{HttpResponse, http::header};
use serde::Serialize;

/// `201 Created` with `Location` naming the new resource, and its body.
pub fn created(location: impl Into<String>, body: impl Serialize) -> HttpResponse {
    HttpResponse::Created()
        .insert_header((header::LOCATION, location.into()))
        .json(body)
}
