//! Moving to `typed_enums`: user code written against prost's `i32` enum fields
//! (migration/enums_i32.rs, over the `opt_typed_enums` case's messages without the option)
//! and the same code after the README's rewrites (migration/enums_typed.rs, over the typed
//! messages) both compile, behave alike and encode the same bytes; and the typed file is the
//! i32 file with exactly those rewrites applied.

#![deny(warnings)]

mod before {
    pub use rustsvc_compat::sameness::own::opt_typed_enums::typed::v1::{paint, Color, Paint};
    pub use rustsvc_compat::sameness::own::opt_typed_enums::typed::v2::{Box, Size};
    include!("migration/enums_i32.rs");
}

mod after {
    pub use rustsvc_compat::sameness::own_typed::opt_typed_enums::typed::v1::{
        paint, Color, Paint,
    };
    pub use rustsvc_compat::sameness::own_typed::opt_typed_enums::typed::v2::{Box, Size};
    include!("migration/enums_typed.rs");
}

use prost::Message;

/// The README's rewrites ("Typed enum fields"), as they apply to migration/enums_i32.rs.
const REWRITES: &[(&str, &str)] = &[
    // Comparing with a value: drop `as i32`.
    ("== Color::Red as i32", "== Color::Red"),
    ("== Size::Large as i32", "== Size::Large"),
    // Building an open enum field: `.into()` instead of `as i32` (numbers too).
    ("Color::Red as i32", "Color::Red.into()"),
    ("Color::Green as i32", "Color::Green.into()"),
    (
        "vec![Color::Green.into(), 9]",
        "vec![Color::Green.into(), 9.into()]",
    ),
    // A closed enum field holds the enum itself.
    ("Some(size as i32)", "Some(size)"),
    ("Size::Large as i32", "Size::Large"),
    // `E::try_from(field)` → `field.known()` (an `Option`).
    ("Color::try_from(paint.color)", "paint.color.known()"),
    ("Ok(Color::Green)", "Some(Color::Green)"),
    ("Ok(other)", "Some(other)"),
    ("Err(_)", "None"),
    // The number: `i32::from(value)` or `.into()`.
    ("let number: i32 = *c;", "let number: i32 = (*c).into();"),
];

fn code(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_typed_code_is_the_i32_code_with_the_readme_rewrites() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/migration");
    let before = std::fs::read_to_string(dir.join("enums_i32.rs")).unwrap();
    let after = std::fs::read_to_string(dir.join("enums_typed.rs")).unwrap();
    let mut rewritten = code(&before).join("\n");
    for (from, to) in REWRITES {
        assert!(rewritten.contains(from), "{from:?} is not in enums_i32.rs");
        rewritten = rewritten.replace(from, to);
    }
    assert_eq!(rewritten, code(&after).join("\n"));
}

#[test]
fn both_versions_behave_alike_and_encode_the_same_bytes() {
    let (old, new) = (before::paint(), after::paint());
    assert_eq!(old.encode_to_vec(), new.encode_to_vec());
    assert_eq!(format!("{old:?}"), format!("{new:?}"));
    assert_eq!(before::describe(&old), after::describe(&new));
    assert_eq!(
        after::describe(&new),
        "red COLOR_RED 2 9 Green Some(Green) [Green]"
    );
    let back = before::Paint::decode(new.encode_to_vec().as_slice()).unwrap();
    assert_eq!(before::describe(&back), after::describe(&new));

    for size in [before::Size::Small, before::Size::Large] {
        let typed = match size {
            before::Size::Small => after::Size::Small,
            before::Size::Large => after::Size::Large,
        };
        let (old, new) = (before::sized(size), after::sized(typed));
        assert_eq!(old.encode_to_vec(), new.encode_to_vec());
        assert_eq!(before::is_large(&old), after::is_large(&new));
    }
}
