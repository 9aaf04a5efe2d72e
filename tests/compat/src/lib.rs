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
    /// `message_impl=own,unknown_fields=.`: unknown fields kept.
    pub mod own_unknown {
        include!(concat!(env!("OUT_DIR"), "/sameness_own_unknown.rs"));
    }
}

/// Comparing the two message forms of [`sameness`] on the same bytes (tests/sameness.rs and
/// the fuzz target `message_forms`).
pub mod forms {
    use std::fmt::Debug;

    use prost::Message;

    /// What one form made of some bytes.
    #[derive(Debug, PartialEq)]
    pub enum Outcome {
        Rejected(prost::DecodeError),
        Accepted {
            encoding: Vec<u8>,
            debug: String,
            merged_twice: Vec<u8>,
            cleared: String,
        },
    }

    pub fn outcome<M: Message + Default + Debug>(bytes: &[u8]) -> Outcome {
        match M::decode(bytes) {
            Err(e) => Outcome::Rejected(e),
            Ok(mut m) => {
                let encoding = m.encode_to_vec();
                assert_eq!(m.encoded_len(), encoding.len(), "encoded_len");
                let debug = format!("{m:?}");
                let mut twice = M::decode(bytes).expect("decodes again");
                twice.merge(bytes).expect("merges again");
                m.clear();
                Outcome::Accepted {
                    encoding,
                    debug,
                    merged_twice: twice.encode_to_vec(),
                    cleared: format!("{m:?}"),
                }
            }
        }
    }

    /// Checks `bytes` through both forms; whether they were accepted.
    pub fn compare<D, O>(name: &str, bytes: &[u8]) -> bool
    where
        D: Message + Default + Debug,
        O: Message + Default + Debug,
    {
        let d = outcome::<D>(bytes);
        let o = outcome::<O>(bytes);
        assert_eq!(d, o, "{name}: the forms differ on {bytes:02x?}");
        if let Outcome::Accepted {
            encoding, debug, ..
        } = &d
        {
            // The (common) encoding reads back to the same value in both forms, and is stable.
            let back = D::decode(encoding.as_slice()).expect("derive reads own's encoding");
            let again = O::decode(encoding.as_slice()).expect("own reads derive's encoding");
            assert_eq!(format!("{back:?}"), *debug, "{name}: derive's round trip");
            assert_eq!(format!("{again:?}"), *debug, "{name}: own's round trip");
            assert_eq!(back.encode_to_vec(), *encoding, "{name}: stable encoding");
            true
        } else {
            false
        }
    }

    /// Checks `bytes` through the derive form (`D`) and the own form keeping unknown fields
    /// (`U`): both accept or both reject them with the same error (so keeping a field fails
    /// exactly where prost's `skip_field` fails); what `U` writes back reads in `D` as the
    /// known fields `D` read, and reads back in `U` to the same bytes.
    pub fn compare_unknown<D, U>(name: &str, bytes: &[u8])
    where
        D: Message + Default + Debug,
        U: Message + Default + Debug,
    {
        match (D::decode(bytes), U::decode(bytes)) {
            (Err(d), Err(u)) => assert_eq!(d, u, "{name}: errors differ on {bytes:02x?}"),
            (Ok(d), Ok(u)) => {
                let kept = u.encode_to_vec();
                assert_eq!(u.encoded_len(), kept.len(), "{name}: encoded_len");
                let known = D::decode(kept.as_slice()).expect("derive reads what own kept");
                assert_eq!(
                    known.encode_to_vec(),
                    d.encode_to_vec(),
                    "{name}: known fields on {bytes:02x?}"
                );
                let again = U::decode(kept.as_slice()).expect("own reads what it kept");
                assert_eq!(
                    again.encode_to_vec(),
                    kept,
                    "{name}: kept fields are stable"
                );
            }
            (d, u) => panic!("{name}: derive {d:?}, own with unknown fields {u:?} on {bytes:02x?}"),
        }
    }

    /// One message type in both forms: its path and [`compare`] for it.
    pub struct Form {
        pub name: &'static str,
        pub compare: fn(&str, &[u8]) -> bool,
        /// [`compare_unknown`] for it.
        pub compare_unknown: fn(&str, &[u8]),
    }

    /// Every message type of the compared cases.
    #[allow(deprecated)]
    pub fn all() -> Vec<Form> {
        use super::sameness::{derive, own, own_unknown};
        let mut forms = Vec::new();
        macro_rules! same {
            ($($path:ident)::+) => {
                forms.push(Form {
                    name: stringify!($($path)::+),
                    compare: compare::<derive::$($path)::+, own::$($path)::+>,
                    compare_unknown: compare_unknown::<derive::$($path)::+, own_unknown::$($path)::+>,
                });
            };
        }
        include!(concat!(env!("OUT_DIR"), "/sameness_types.rs"));
        forms
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
