//! Every path into the runtime crates the generated code uses, named in one place.

use proc_macro2::TokenStream;
use quote::quote;

/// Paths to the message runtime (prost).
#[derive(Clone)]
pub struct Prost {
    pub root: TokenStream,
}

impl Default for Prost {
    fn default() -> Self {
        Prost {
            root: quote!(::prost),
        }
    }
}

impl Prost {
    pub fn string(&self) -> TokenStream {
        let p = &self.root;
        quote!(#p::alloc::string::String)
    }
    pub fn vec(&self) -> TokenStream {
        let p = &self.root;
        quote!(#p::alloc::vec::Vec)
    }
    pub fn boxed(&self) -> TokenStream {
        let p = &self.root;
        quote!(#p::alloc::boxed::Box)
    }
    pub fn btree_map(&self) -> TokenStream {
        let p = &self.root;
        quote!(#p::alloc::collections::BTreeMap)
    }
    pub fn hash_map(&self) -> TokenStream {
        quote!(::std::collections::HashMap)
    }
    pub fn option(&self) -> TokenStream {
        quote!(::core::option::Option)
    }
    pub fn derive(&self, name: &str) -> TokenStream {
        let p = &self.root;
        let name = crate::names::ident(name);
        quote!(#p::#name)
    }
}
