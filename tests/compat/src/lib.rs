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
    ours_only: comments
);
