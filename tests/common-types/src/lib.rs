//! Owns the generated `acme.common.v1` types; other crates point at them with
//! `extern_path=.acme.common.v1=::rustsvc_common_types::acme::common::v1`.

pub mod acme {
    pub mod common {
        pub mod v1 {
            include!("../../golden/cross_package/expected/acme.common.v1.rs");
        }
    }
}
