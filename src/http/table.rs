//! The route table: every served route is listed here once, and the same
//! list both configures actix and feeds the OpenAPI sync test, so nothing
//! can be served without being described.

use std::collections::BTreeMap;

use actix_web::{
    HttpRequest, Route,
    http::Method,
    web::{self, ServiceConfig},
};

use super::{error::ApiError, routes};

pub struct ApiRoute {
    pub method: Method,
    pub path: &'static str,
    pub route: Route,
}

pub fn route_table() -> Vec<ApiRoute> {
    let mut table = Vec::new();
    routes::register(&mut table);
    table
}

/// Registers the table, one resource per path, so that a known path with
/// the wrong method answers 405 (with `Allow`) rather than 404.
pub fn configure(cfg: &mut ServiceConfig) {
    let mut by_path: BTreeMap<&'static str, Vec<(Method, Route)>> = BTreeMap::new();
    for r in route_table() {
        by_path.entry(r.path).or_default().push((r.method, r.route));
    }
    for (path, routes) in by_path {
        let allow = routes
            .iter()
            .map(|(m, _)| m.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let mut resource = web::resource(path);
        for (_, route) in routes {
            resource = resource.route(route);
        }
        resource = resource.default_service(web::to(move |req: HttpRequest| {
            let allow = allow.clone();
            async move {
                Err::<actix_web::HttpResponse, _>(ApiError::MethodNotAllowed {
                    method: req.method().to_string(),
                    allow,
                })
            }
        }));
        cfg.service(resource);
    }
}
