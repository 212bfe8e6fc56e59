use leptos::prelude::*;
use roundtrip_domain::dto::{BookedFor, Order};
use roundtrip_domain::trips::cases::takes_requests;
use roundtrip_domain::trips::travellers::BookingTraveller;

use crate::components::air::AirLine;
use crate::components::section::Section;
use crate::i18n::{format_date, format_money, use_i18n, Label, Msg};

#[component]
pub fn Trips(customer: i64, orders: Vec<Order>, booked_for: Vec<BookedFor>) -> impl IntoView {
    let i18n = use_i18n();
    let today = crate::i18n::agency_today();
    // the customer's own bookings, then those others made on which they travel
    let rows: Vec<(Order, Option<(i64, String)>)> =
        orders.into_iter().map(|o| (o, None)).chain(booked_for.into_iter().map(|b| (b.order, Some((b.booker_id, b.booker_name))))).collect();
    view! {
        <Section id="trips-title" class="trips" title=Msg::Trips empty=Msg::NoOrders is_empty=rows.is_empty()>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{i18n.text(Msg::Trips)}</th>
                        <th scope="col">{i18n.text(Msg::Departure)}</th>
                        <th scope="col">{i18n.text(Msg::ColChannels)}</th>
                        <th scope="col">{i18n.text(Msg::Status)}</th>
                        <th scope="col" class="num">{i18n.text(Msg::Amount)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|(o, booker)| view! {
                        <tr>
                            <td>{o.title.clone()} <br/><span class="muted">{move || o.product.label(i18n.locale())}</span>
                                {o.air.clone().map(|air| view! { <br/><AirLine air/> })}
                                {booker.clone().map(|(id, name)| view! {
                                    <br/><span class="booked-by">{i18n.text(Msg::BookedBy)}
                                        <a href=format!("/customers/{id}") translate="no">{name}</a></span>
                                })}
                                {(!o.travellers.is_empty()).then(|| view! { <br/><TravellerLine customer travellers=o.travellers.clone()/> })}
                            </td>
                            <td>{move || o.departure.map(|d| format_date(d, i18n.locale())).unwrap_or_default()}</td>
                            <td>{move || o.channel.label(i18n.locale())}</td>
                            <td>
                                {move || o.status.label(i18n.locale())}
                                // a booking still to depart takes a change or refund request from here
                                {(booker.is_none() && takes_requests(o.status, o.departure, today)).then(|| view! {
                                    <br/><a class="button ghost" data-testid="request-change-refund"
                                        href=format!("/service/new?customer={customer}&order={}&kind=refund", o.id)>{i18n.text(Msg::RequestChangeRefund)}</a>
                                })}
                            </td>
                            <td class="num">{move || format_money(o.amount_fen, i18n.locale())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Section>
    }
}

/// Who travels on a booking: the others link to their profiles, the booker is marked.
#[component]
fn TravellerLine(customer: i64, travellers: Vec<BookingTraveller>) -> impl IntoView {
    let i18n = use_i18n();
    let last = travellers.len() - 1;
    view! {
        <span class="travellers" data-testid="travellers">
            {i18n.text(Msg::TravellersLabel)}
            {travellers.into_iter().enumerate().map(|(k, t)| {
                let name = if t.customer_id == customer {
                    view! { <span translate="no">{t.name.clone()}</span> }.into_any()
                } else {
                    view! { <a href=format!("/customers/{}", t.customer_id) translate="no">{t.name.clone()}</a> }.into_any()
                };
                view! {
                    {name}
                    {t.booker.then(|| i18n.text(Msg::BookerMark))}
                    {(k < last).then(|| i18n.text(Msg::ListSeparator))}
                }
            }).collect_view()}
        </span>
    }
}
