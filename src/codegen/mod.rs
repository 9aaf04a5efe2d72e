//! Model → Rust source text. Each generator writes its items line by line in prettyplease's
//! layout through [`code::Code`]; every decision was made in the model, so a generator only
//! writes. An item the writer cannot lay out exactly goes through syn + prettyplease
//! instead, so the output is always prettyplease's.

pub mod code;
pub mod descriptor_set;
pub mod docs;
pub mod json;
pub mod layout;
pub mod message_impl;
pub mod messages;
pub mod module_tree;
pub mod runtime;
pub mod services;

use crate::model::{Model, Settings};

/// What every code generator reads: the resolved model, its settings and the runtime paths.
pub struct Context<'m, 'a> {
    pub model: &'m Model<'a>,
    pub settings: &'m Settings,
    pub prost: runtime::Prost,
    /// The support crate's paths (`runtime_path`).
    pub support: runtime::Support,
    shared: &'m Shared,
}

/// What a run computes once for all its packages.
#[derive(Default)]
pub struct Shared {
    /// The gRPC plumbing module for each set of streaming kinds a file uses
    /// ([`services::Kinds::index`]), laid out (or why it could not be).
    plumbing: [std::sync::OnceLock<Result<String, crate::Error>>; services::Kinds::COUNT],
}

impl<'m, 'a> Context<'m, 'a> {
    pub fn new(model: &'m Model<'a>, shared: &'m Shared) -> Self {
        Context {
            model,
            settings: &model.settings,
            prost: runtime::Prost::new(&model.settings.runtime),
            support: runtime::Support::new(&model.settings.runtime),
            shared,
        }
    }

    /// The plumbing module text for a file using `kinds`, made by `make` once per run.
    pub fn plumbing(
        &self,
        kinds: services::Kinds,
        make: impl FnOnce() -> crate::error::Result<String>,
    ) -> crate::error::Result<String> {
        self.shared.plumbing[kinds.index()]
            .get_or_init(make)
            .clone()
    }
}

/// Writes attributes from the options; their item is laid out by prettyplease.
pub fn write_attributes<S: AsRef<str>>(code: &mut code::Code, attrs: &[S]) {
    for attr in attrs {
        code.verbatim(attr.as_ref());
    }
}
