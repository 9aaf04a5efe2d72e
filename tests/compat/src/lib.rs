//! Our golden outputs and prost-build's output for the same protos, side by side.
// The test harness nests each case in a module named after it.
#![allow(clippy::module_inception)]

macro_rules! cases {
    ($($case:ident),* $(,)?; ours_only: $($only:ident),*) => {
        /// The code protoc-gen-rustsvc generated (the checked-in golden files).
        pub mod ours {
            $(pub mod $case {
                include!(concat!(env!("CARGO_MANIFEST_DIR"), "/../golden/", stringify!($case), "/expected/mod.rs"));
            })*
            $(pub mod $only {
                include!(concat!(env!("CARGO_MANIFEST_DIR"), "/../golden/", stringify!($only), "/expected/mod.rs"));
            })*
        }
        /// The code prost-build generates for the same protos.
        pub mod theirs {
            $(pub mod $case {
                include!(concat!(env!("OUT_DIR"), "/", stringify!($case), "/_include.rs"));
            })*
        }
        /// The cases compared with prost-build.
        pub const CASES: &[&str] = &[$(stringify!($case)),*];
        /// Every golden case whose output is compiled here.
        pub const COMPILED: &[&str] = &[$(stringify!($case),)* $(stringify!($only)),*];
    };
}

cases!(
    cross_package,
    deprecated,
    enums,
    groups,
    keywords,
    maps,
    nested,
    oneof,
    optional,
    proto2,
    recursive,
    scalars,
    user,
    wkt;
    ours_only: comments,
    editions_2023,
    editions_2024,
    opt_boxed,
    opt_bytes,
    opt_compile_well_known_types,
    opt_default_package_filename,
    opt_disable_comments,
    opt_enum_attribute,
    opt_extern_path,
    opt_field_attribute,
    opt_file_descriptor_set,
    opt_message_attribute,
    opt_message_impl_own,
    opt_prost_path,
    opt_prost_types_path,
    opt_retain_enum_prefix,
    opt_skip_debug,
    opt_type_attribute,
    opt_type_names
);

/// Each case of tests/sameness.rs generated in both message forms (build.rs).
pub mod sameness {
    /// `message_impl=derive`: prost's derive macros.
    pub mod derive {
        include!(concat!(env!("OUT_DIR"), "/sameness_derive.rs"));
    }
    /// `message_impl=own`: the generator's own impls.
    pub mod own {
        include!(concat!(env!("OUT_DIR"), "/sameness_own.rs"));
    }
}

/// The crates that `prost_path=crate::reexport::prost` and
/// `prost_types_path=crate::reexport::prost_types` point at.
pub mod reexport {
    pub use prost;
    pub use prost_types;
}

// `skip_debug` leaves Debug to the user.
impl core::fmt::Debug for ours::opt_skip_debug::opts::v1::Item {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Item { .. }")
    }
}
impl core::fmt::Debug for ours::opt_skip_debug::opts::v1::item::Choice {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Choice")
    }
}
impl core::fmt::Debug for ours::opt_skip_debug::opts::v1::Kind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str_name())
    }
}
