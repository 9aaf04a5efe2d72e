//! Model → Rust source text. Each generator writes its items line by line in prettyplease's
//! layout through [`code::Code`] (decisions are made before writing); an item the writer
//! cannot lay out exactly goes through syn + prettyplease instead, so the output is always
//! prettyplease's.

pub mod code;
pub mod descriptor_set;
pub mod docs;
pub mod layout;
pub mod messages;
pub mod runtime;
pub mod services;

use crate::model::Model;
use crate::options::{Options, PathValue};

/// What every code generator reads: the resolved model, the options and the runtime paths.
pub struct Context<'m, 'a> {
    pub model: &'m Model<'a>,
    pub options: &'m Options,
    pub prost: runtime::Prost,
}

impl<'m, 'a> Context<'m, 'a> {
    pub fn new(model: &'m Model<'a>, options: &'m Options) -> Self {
        let prost = runtime::Prost::from_option(options.prost_path.as_deref());
        Context {
            model,
            options,
            prost,
        }
    }
}

/// The attributes of an `*_attribute` option that apply to `fq_name`. Each was checked to
/// be a Rust attribute when the options were read ([`Options::apply`]).
pub fn option_attributes<'o>(list: &'o [PathValue], fq_name: &str) -> Vec<&'o str> {
    if list.is_empty() {
        return Vec::new();
    }
    Options::attributes(list, fq_name).collect()
}

/// Writes attributes from the options; their item is laid out by prettyplease.
pub fn write_option_attributes(code: &mut code::Code, attrs: &[&str]) {
    for attr in attrs {
        code.verbatim(attr);
    }
}
