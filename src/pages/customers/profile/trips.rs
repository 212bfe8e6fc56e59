use leptos::prelude::*;
use roundtrip_domain::dto::Order;

use crate::components::section::Section;
use crate::i18n::{format_date, format_money, use_i18n, Label, Msg};

#[component]
pub fn Trips(orders: Vec<Order>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Section id="trips-title" class="trips" title=Msg::Trips empty=Msg::NoOrders is_empty=orders.is_empty()>
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
                    {orders.into_iter().map(|o| view! {
                        <tr>
                            <td>{o.title.clone()} <br/><span class="muted">{move || o.product.label(i18n.locale())}</span></td>
                            <td>{move || o.departure.map(|d| format_date(d, i18n.locale())).unwrap_or_default()}</td>
                            <td>{move || o.channel.label(i18n.locale())}</td>
                            <td>{move || o.status.label(i18n.locale())}</td>
                            <td class="num">{move || format_money(o.amount_fen, i18n.locale())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Section>
    }
}
