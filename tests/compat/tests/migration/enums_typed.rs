// The user code of enums_i32.rs after the move to typed enum fields (typed_enums=PATH):
// the README's rewrites applied, nothing else (tests/migration_typed_enums.rs checks).

pub fn paint() -> Paint {
    let mut paint = Paint {
        color: Color::Red.into(),
        colors: vec![Color::Green.into(), 9.into()],
        ..Default::default()
    };
    paint.set_maybe(Color::Green);
    paint.push_loose(Color::Red);
    paint.by_name.insert("a".into(), Color::Green.into());
    paint.choice = Some(paint::Choice::Picked(Color::Red.into()));
    paint
}

pub fn describe(paint: &Paint) -> String {
    let mut out = Vec::new();
    if paint.color == Color::Red {
        out.push("red".to_owned());
    }
    match paint.color.known() {
        Some(Color::Green) => out.push("green".to_owned()),
        Some(other) => out.push(other.as_str_name().to_owned()),
        None => out.push("unknown".to_owned()),
    }
    for c in &paint.colors {
        let number: i32 = (*c).into();
        out.push(number.to_string());
    }
    out.push(format!("{:?}", paint.maybe()));
    out.push(format!("{:?}", paint.get_by_name("a")));
    out.push(format!("{:?}", paint.colors().collect::<Vec<_>>()));
    out.join(" ")
}

pub fn sized(size: Size) -> Box {
    Box {
        size: Some(size),
        need: Size::Large,
        ..Default::default()
    }
}

pub fn is_large(b: &Box) -> bool {
    b.need == Size::Large && b.size() == Size::Large
}
