//! The secret fields a channel needs, as its platform's console names them: WeCom's token,
//! EncodingAESKey and corp id, Douyin's client secret. Used to connect and to rotate.

use leptos::prelude::*;
use roundtrip_domain::hooks::{ConnectorSecrets, HookChannel};

use crate::i18n::{use_i18n, Msg};

/// What the admin typed, one signal per secret.
#[derive(Clone, Copy)]
pub struct SecretInputs {
    token: RwSignal<String>,
    aes_key: RwSignal<String>,
    receive_id: RwSignal<String>,
    client_secret: RwSignal<String>,
    api_v3_key: RwSignal<String>,
    public_key: RwSignal<String>,
}

impl SecretInputs {
    pub fn new() -> Self {
        let empty = || RwSignal::new(String::new());
        Self { token: empty(), aes_key: empty(), receive_id: empty(), client_secret: empty(), api_v3_key: empty(), public_key: empty() }
    }

    /// The secrets `channel` uses (the others stay unsent).
    pub fn read(&self, channel: HookChannel) -> ConnectorSecrets {
        let take = |s: RwSignal<String>| Some(s.get_untracked().trim().to_owned()).filter(|v| !v.is_empty());
        match channel {
            HookChannel::Wecom | HookChannel::Wechat => {
                ConnectorSecrets { token: take(self.token), aes_key: take(self.aes_key), receive_id: take(self.receive_id), ..Default::default() }
            }
            HookChannel::WechatPay => {
                ConnectorSecrets { receive_id: take(self.receive_id), api_v3_key: take(self.api_v3_key), public_key: take(self.public_key), ..Default::default() }
            }
            HookChannel::Douyin => ConnectorSecrets { client_secret: take(self.client_secret), ..Default::default() },
        }
    }

    /// Emptied once saved: a secret stays on screen no longer than needed.
    pub fn clear(&self) {
        for s in [self.token, self.aes_key, self.receive_id, self.client_secret, self.api_v3_key, self.public_key] {
            s.set(String::new());
        }
    }
}

/// The fields of `channel`'s secrets; `prefix` keeps their ids apart on one page. With
/// `plain`, a WeChat Official Account's key and app id may stay empty.
#[component]
pub fn SecretFields(channel: Signal<HookChannel>, inputs: SecretInputs, prefix: &'static str, #[prop(optional, into)] plain: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let field = move |name: &'static str, label: Msg, value: RwSignal<String>, maxlength: &'static str, optional: Signal<bool>| {
        let id = format!("{prefix}-{name}");
        view! {
            <div class="filter">
                <label for=id.clone()>{i18n.text(label)}</label>
                <input id=id class="mono" required=move || !optional.get() autocomplete="off" spellcheck="false" translate="no" maxlength=maxlength bind:value=value/>
            </div>
        }
    };
    let always = Signal::stored(false);
    move || match channel.get() {
        HookChannel::Wecom => view! {
            {field("token", Msg::ConnectorToken, inputs.token, "128", always)}
            {field("aes-key", Msg::ConnectorAesKey, inputs.aes_key, "43", always)}
            {field("receive-id", Msg::ConnectorReceiveId, inputs.receive_id, "128", always)}
        }
        .into_any(),
        HookChannel::Wechat => view! {
            {field("token", Msg::ConnectorToken, inputs.token, "128", always)}
            {field("aes-key", Msg::ConnectorAesKey, inputs.aes_key, "43", plain)}
            {field("receive-id", Msg::ConnectorAppId, inputs.receive_id, "128", plain)}
        }
        .into_any(),
        HookChannel::WechatPay => {
            let id = format!("{prefix}-public-key");
            view! {
                {field("receive-id", Msg::ConnectorMchId, inputs.receive_id, "32", always)}
                {field("api-v3-key", Msg::ConnectorApiV3Key, inputs.api_v3_key, "32", always)}
                <div class="filter grow">
                    <label for=id.clone()>{i18n.text(Msg::ConnectorPublicKey)}</label>
                    <textarea id=id class="mono" rows="4" required spellcheck="false" translate="no" maxlength="4096" bind:value=inputs.public_key
                        placeholder="-----BEGIN PUBLIC KEY-----"></textarea>
                </div>
            }
            .into_any()
        }
        HookChannel::Douyin => field("client-secret", Msg::ConnectorClientSecret, inputs.client_secret, "128", always).into_any(),
    }
}
