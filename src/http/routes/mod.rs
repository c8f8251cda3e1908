//! One file per resource; `register` lists every route the service serves.

mod auth;
mod calendars;
mod categories;
mod chains;
mod departments;
mod enterprises;
mod health;
mod me;
mod notifications;
mod promise;
mod refs;
mod reports;
mod service_items;
mod sla_policies;
mod stream;
mod tickets;
mod users;
mod webhooks;

use actix_web::{FromRequest, Handler, Responder, http::Method, web};

use super::table::ApiRoute;
pub use stream::stream_key;

fn add<F, Args>(table: &mut Vec<ApiRoute>, method: Method, path: &'static str, handler: F)
where
    F: Handler<Args>,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    table.push(ApiRoute {
        route: web::method(method.clone()).to(handler),
        method,
        path,
    });
}

pub(super) fn register(t: &mut Vec<ApiRoute>) {
    use Method as M;
    add(t, M::GET, "/healthz", health::healthz);
    add(t, M::GET, "/readyz", health::readyz);
    add(t, M::GET, "/metrics", health::metrics);
    add(t, M::GET, "/api/v1/openapi.yaml", health::openapi);

    add(t, M::POST, "/api/v1/auth/login", auth::login);
    add(t, M::POST, "/api/v1/auth/refresh", auth::refresh);
    add(t, M::POST, "/api/v1/auth/logout", auth::logout);
    add(t, M::GET, "/api/v1/me", me::show);
    add(t, M::POST, "/api/v1/me/password", me::change_password);

    add(t, M::GET, "/api/v1/users", users::list);
    add(t, M::POST, "/api/v1/users", users::create);
    add(t, M::GET, "/api/v1/users/{id}", users::show);
    add(t, M::PATCH, "/api/v1/users/{id}", users::update);

    add(t, M::GET, "/api/v1/departments", departments::list);
    add(t, M::POST, "/api/v1/departments", departments::create);
    add(t, M::GET, "/api/v1/departments/{id}", departments::show);
    add(t, M::PATCH, "/api/v1/departments/{id}", departments::update);

    add(t, M::GET, "/api/v1/chains", chains::list);
    add(t, M::POST, "/api/v1/chains", chains::create);
    add(t, M::GET, "/api/v1/chains/{id}", chains::show);
    add(t, M::PATCH, "/api/v1/chains/{id}", chains::update);

    add(t, M::GET, "/api/v1/enterprises", enterprises::list);
    add(t, M::POST, "/api/v1/enterprises", enterprises::create);
    add(t, M::GET, "/api/v1/enterprises/{id}", enterprises::show);
    add(t, M::PATCH, "/api/v1/enterprises/{id}", enterprises::update);

    add(t, M::GET, "/api/v1/categories", categories::list);
    add(t, M::POST, "/api/v1/categories", categories::create);
    add(t, M::GET, "/api/v1/categories/{code}", categories::show);
    add(t, M::PATCH, "/api/v1/categories/{code}", categories::update);

    add(t, M::GET, "/api/v1/calendars", calendars::list);
    add(t, M::POST, "/api/v1/calendars", calendars::create);
    add(t, M::GET, "/api/v1/calendars/{id}", calendars::show);
    add(t, M::PUT, "/api/v1/calendars/{id}", calendars::replace);
    add(
        t,
        M::GET,
        "/api/v1/calendars/{id}/deadline",
        calendars::deadline,
    );
    add(
        t,
        M::POST,
        "/api/v1/calendars/{id}/holiday-lists",
        calendars::import_holiday_list,
    );

    add(t, M::GET, "/api/v1/sla-policies", sla_policies::list);
    add(t, M::POST, "/api/v1/sla-policies", sla_policies::create);
    add(t, M::GET, "/api/v1/sla-policies/{id}", sla_policies::show);
    add(
        t,
        M::PUT,
        "/api/v1/sla-policies/{id}",
        sla_policies::replace,
    );

    add(t, M::GET, "/api/v1/service-items", service_items::list);
    add(t, M::POST, "/api/v1/service-items", service_items::create);
    add(t, M::GET, "/api/v1/service-items/{id}", service_items::show);
    add(
        t,
        M::PATCH,
        "/api/v1/service-items/{id}",
        service_items::update,
    );

    add(t, M::GET, "/api/v1/tickets", tickets::list::list);
    add(t, M::POST, "/api/v1/tickets", tickets::file::file);
    add(
        t,
        M::POST,
        "/api/v1/tickets/bulk-dispatch",
        tickets::bulk::dispatch,
    );
    add(t, M::GET, "/api/v1/tickets/{id}", tickets::show);
    add(
        t,
        M::GET,
        "/api/v1/tickets/{id}/events",
        tickets::events::list,
    );
    add(
        t,
        M::GET,
        "/api/v1/tickets/{id}/comments",
        tickets::comments::list,
    );
    add(
        t,
        M::POST,
        "/api/v1/tickets/{id}/comments",
        tickets::comments::create,
    );
    {
        use tickets::actions as a;
        add(t, M::POST, "/api/v1/tickets/{id}/dispatch", a::dispatch);
        add(t, M::POST, "/api/v1/tickets/{id}/claim", a::claim);
        add(t, M::POST, "/api/v1/tickets/{id}/return", a::return_);
        add(t, M::POST, "/api/v1/tickets/{id}/reject", a::reject);
        add(t, M::POST, "/api/v1/tickets/{id}/cancel", a::cancel);
        add(
            t,
            M::POST,
            "/api/v1/tickets/{id}/request-info",
            a::request_info,
        );
        add(t, M::POST, "/api/v1/tickets/{id}/reply", a::reply);
        add(t, M::POST, "/api/v1/tickets/{id}/escalate", a::escalate);
        add(t, M::POST, "/api/v1/tickets/{id}/resolve", a::resolve);
        add(t, M::POST, "/api/v1/tickets/{id}/confirm", a::confirm);
        add(t, M::POST, "/api/v1/tickets/{id}/reopen", a::reopen);
        add(t, M::POST, "/api/v1/tickets/{id}/urge", a::urge);
        add(t, M::POST, "/api/v1/tickets/{id}/pull-back", a::pull_back);
        add(t, M::POST, "/api/v1/tickets/{id}/assign", a::assign);
        use tickets::extensions as x;
        add(t, M::GET, "/api/v1/tickets/{id}/extensions", x::list);
        add(t, M::POST, "/api/v1/tickets/{id}/extensions", x::request);
        add(
            t,
            M::POST,
            "/api/v1/tickets/{id}/extensions/{extension_id}/grant",
            x::grant,
        );
        add(
            t,
            M::POST,
            "/api/v1/tickets/{id}/extensions/{extension_id}/deny",
            x::deny,
        );
    }

    add(t, M::GET, "/api/v1/notifications", notifications::list);
    add(
        t,
        M::GET,
        "/api/v1/notifications/unread-count",
        notifications::unread_count,
    );
    add(
        t,
        M::POST,
        "/api/v1/notifications/read",
        notifications::mark_read,
    );

    add(t, M::GET, "/api/v1/stream", stream::stream);
    add(t, M::POST, "/api/v1/stream/tickets", stream::issue_ticket);
    add(t, M::GET, "/api/v1/webhooks", webhooks::list);
    add(t, M::POST, "/api/v1/webhooks", webhooks::create);
    add(t, M::GET, "/api/v1/webhooks/{id}", webhooks::show);
    add(t, M::PATCH, "/api/v1/webhooks/{id}", webhooks::update);
    add(t, M::DELETE, "/api/v1/webhooks/{id}", webhooks::delete);
    add(
        t,
        M::GET,
        "/api/v1/webhooks/{id}/deliveries",
        webhooks::deliveries,
    );
    add(
        t,
        M::GET,
        "/api/v1/webhooks/{id}/deliveries/{delivery_id}",
        webhooks::show_delivery,
    );
    add(
        t,
        M::POST,
        "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver",
        webhooks::redeliver,
    );

    add(
        t,
        M::GET,
        "/api/v1/reports/summary",
        reports::summary::summary,
    );
    add(
        t,
        M::GET,
        "/api/v1/reports/backlog",
        reports::backlog::backlog,
    );
    add(
        t,
        M::GET,
        "/api/v1/reports/overdue",
        reports::overdue::overdue,
    );
    add(
        t,
        M::GET,
        "/api/v1/reports/public-summary",
        reports::public::public_summary_route,
    );
}
