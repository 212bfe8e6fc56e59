//! The API, one module per resource. Handlers carry their own OpenAPI annotations, so the
//! document served at `/api/openapi.json` is generated from exactly the code that runs.

mod audit;
mod care;
mod communities;
pub(crate) mod consent;
mod connectors;
mod customers;
mod departures;
mod disruptions;
mod events;
mod health;
mod hooks;
mod identity;
mod journeys;
pub(crate) mod loyalty;
mod overview;
pub(crate) mod service;
mod stores;
mod sync;
mod tokens;
mod users;
mod webhooks;
mod session;

use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Roundtrip API", description = "Omnichannel CRM for travel agencies: customers, identities, journeys, communities and service."),
    modifiers(&SessionCookie),
    // enums that appear only in query parameters, which do not register their schemas
    components(schemas(roundtrip_domain::service::Inbox, roundtrip_domain::dto::CustomerSort)),
    tags(
        (name = "system", description = "Health and metadata"),
        (name = "session", description = "Signing in and out"),
        (name = "customers", description = "Customer 360"),
        (name = "stores", description = "The agency's stores"),
        (name = "events", description = "Channel systems pushing customer events"),
        (name = "identity", description = "Identity resolution: overlap and duplicates"),
        (name = "journeys", description = "Journey maps, the stage × channel matrix and service consistency"),
        (name = "communities", description = "Interest communities, member events, check-ins and the community dashboard"),
        (name = "overview", description = "The manager overview: KPIs with their trends"),
        (name = "disruptions", description = "Schedule changes (航变): a case per affected booking with a two-hour contact clock, the desk's view by flight and the figures"),
        (name = "trips", description = "Trip operations: the Departures desk (each store's next 14 days and their readiness)"),
        (name = "service", description = "The service desk: tickets with a 24-hour response clock, inboxes, handoffs and the SLA dashboard"),
    )
)]
struct ApiDoc;

struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(crate::auth::SESSION_COOKIE))),
        );
        // channel systems: `Authorization: Bearer rt_…`, a token an admin issued
        components.add_security_scheme("api_token", SecurityScheme::Http(utoipa::openapi::security::Http::new(utoipa::openapi::security::HttpAuthScheme::Bearer)));
    }
}

/// The answers of every endpoint behind a session (OpenAPI), so handlers do not repeat them.
/// The answers every operation shares because its extractors are shared (`crate::extract`):
/// a bad path or query parameter is 400; a JSON body that is missing, too large, not JSON or
/// of the wrong shape is 415, 413, 400 or 422. Documented once here rather than on each handler.
struct SharedErrors;

impl Modify for SharedErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let answer = |text: &str| {
            ResponseBuilder::new()
                .description(text)
                .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorEnvelope"))).build())
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            let operations = [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
            for op in operations.into_iter().flatten() {
                let has_params = op.parameters.as_ref().is_some_and(|p| !p.is_empty());
                let mut shared: Vec<(&str, &str)> = Vec::new();
                if has_params || op.request_body.is_some() {
                    shared.push(("400", "A path or query parameter, or the JSON body, is malformed"));
                }
                if op.request_body.is_some() {
                    shared.extend([
                        ("413", "The body is over 2 MB"),
                        ("415", "The body is missing or not `application/json`"),
                        ("422", "The body does not have the documented shape"),
                    ]);
                }
                for (code, text) in shared {
                    op.responses.responses.entry(code.to_string()).or_insert_with(|| answer(text).into());
                }
            }
        }
    }
}

#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub(crate) enum SignedIn {
    #[response(status = 401, description = "Not signed in")]
    Unauthenticated(roundtrip_domain::dto::ErrorEnvelope),
}

/// The answers of every endpoint for managers and admins only (OpenAPI).
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub(crate) enum ManagerOnly {
    #[response(status = 401, description = "Not signed in")]
    Unauthenticated(roundtrip_domain::dto::ErrorEnvelope),
    #[response(status = 403, description = "Store staff: managers and admins only")]
    Forbidden(roundtrip_domain::dto::ErrorEnvelope),
}

/// Path ids are numbers; anything else is a client mistake, not a missing record.
pub(crate) fn parse_id(text: &str) -> Result<i64, crate::error::AppError> {
    text.parse().map_err(|_| crate::error::AppError::invalid_query("id", "ids are whole numbers"))
}

/// Every API route with its OpenAPI description.
/// The API's routes and its OpenAPI document, with the shared error answers on every operation
/// (added after the routes: a derive-time modifier would see no paths yet).
pub fn api_parts() -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = api().split_for_parts();
    SharedErrors.modify(&mut doc);
    (router, doc)
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::health))
        .routes(routes!(session::login, session::logout))
        .routes(routes!(session::me))
        .routes(routes!(session::change_display))
        .routes(routes!(users::change_access))
        .routes(routes!(audit::audit_log))
        .routes(routes!(customers::reveal))
        .routes(routes!(customers::record_document))
        .routes(routes!(customers::export_person))
        .routes(routes!(customers::erase_person))
        .routes(routes!(customers::correct_personal))
        .routes(routes!(customers::list))
        .routes(routes!(customers::profile))
        .routes(routes!(customers::change_tags))
        .routes(routes!(customers::add_note))
        .routes(routes!(customers::add_follow_up))
        .routes(routes!(customers::change_follow_up))
        .routes(routes!(consent::customer_consents, consent::record_consent))
        .routes(routes!(consent::marketing_audience))
        .routes(routes!(consent::export_audience))
        .routes(routes!(sync::replay_edit))
        .routes(routes!(sync::roster))
        .routes(routes!(loyalty::loyalty_account, loyalty::change_points))
        .routes(routes!(loyalty::record_nps))
        .routes(routes!(loyalty::loyalty_rules, loyalty::replace_loyalty_rules))
        .routes(routes!(stores::list_stores))
        .routes(routes!(events::ingest))
        .routes(routes!(tokens::list_tokens, tokens::issue_token))
        .routes(routes!(tokens::revoke_token))
        .routes(routes!(connectors::list_connectors, connectors::add_connector))
        .routes(routes!(connectors::rotate_secrets))
        .routes(routes!(connectors::finish_rotation))
        .routes(routes!(connectors::dead_letters))
        .routes(routes!(connectors::replay_delivery))
        .routes(routes!(hooks::check_hook, hooks::deliver))
        .routes(routes!(webhooks::list_webhooks, webhooks::register_webhook))
        .routes(routes!(webhooks::disable_webhook))
        .routes(routes!(webhooks::webhook_log))
        .routes(routes!(identity::identity_kpis))
        .routes(routes!(identity::list_duplicates))
        .routes(routes!(identity::merge_pair))
        .routes(routes!(identity::dismiss_pair))
        .routes(routes!(identity::restore_pair))
        .routes(routes!(identity::bulk_review))
        .routes(routes!(identity::unmerge_pair))
        .routes(routes!(journeys::customer_journey_map))
        .routes(routes!(journeys::journey_matrix))
        .routes(routes!(journeys::journey_cell))
        .routes(routes!(communities::list_communities, communities::create_community))
        .routes(routes!(communities::community_detail))
        .routes(routes!(communities::list_moderators))
        .routes(routes!(communities::create_event))
        .routes(routes!(communities::community_dashboard))
        .routes(routes!(communities::my_events))
        .routes(routes!(communities::event_detail))
        .routes(routes!(communities::sign_up))
        .routes(routes!(communities::check_in, communities::undo_check_in))
        .routes(routes!(communities::record_satisfaction))
        .routes(routes!(overview::overview))
        .routes(routes!(service::inbox, service::record_ticket))
        .routes(routes!(service::ticket_detail))
        .routes(routes!(service::act_on_ticket))
        .routes(routes!(service::step_case))
        .routes(routes!(disruptions::receive_schedule_change))
        .routes(routes!(disruptions::list_disruptions))
        .routes(routes!(departures::departures))
        .routes(routes!(disruptions::disruption_detail))
        .routes(routes!(disruptions::step_disruption_case))
        .routes(routes!(service::service_dashboard))
        .routes(routes!(service::topic_report))
        .routes(routes!(service::topic_tickets))
        .routes(routes!(care::care_tasks))
        .routes(routes!(care::generate_care))
        .routes(routes!(care::complete_care))
}
