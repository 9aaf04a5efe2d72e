//! Model → Rust token streams. One `quote!` per item; decisions are made before it.

pub mod code;
pub mod descriptor_set;
pub mod docs;
pub mod layout;
pub mod messages;
pub mod runtime;
pub mod services;

use crate::model::Model;
use crate::options::Options;

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
