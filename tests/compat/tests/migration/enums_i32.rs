// User code written against prost's i32 enum fields (typed_enums off). tests/migration_typed_enums.rs
// compiles it, and its typed twin enums_typed.rs, and checks that the twin is this file with
// the README's rewrites applied.

pub fn paint() -> Paint {
    let mut paint = Paint {
        color: Color::Red as i32,
        colors: vec![Color::Green as i32, 9],
        ..Default::default()
    };
    paint.set_maybe(Color::Green);
    paint.push_loose(Color::Red);
    paint.by_name.insert("a".into(), Color::Green as i32);
    paint.choice = Some(paint::Choice::Picked(Color::Red as i32));
    paint
}

pub fn describe(paint: &Paint) -> String {
    let mut out = Vec::new();
    if paint.color == Color::Red as i32 {
        out.push("red".to_owned());
    }
    match Color::try_from(paint.color) {
        Ok(Color::Green) => out.push("green".to_owned()),
        Ok(other) => out.push(other.as_str_name().to_owned()),
        Err(_) => out.push("unknown".to_owned()),
    }
    for c in &paint.colors {
        let number: i32 = *c;
        out.push(number.to_string());
    }
    out.push(format!("{:?}", paint.maybe()));
    out.push(format!("{:?}", paint.get_by_name("a")));
    out.push(format!("{:?}", paint.colors().collect::<Vec<_>>()));
    out.join(" ")
}

pub fn sized(size: Size) -> Box {
    Box {
        size: Some(size as i32),
        need: Size::Large as i32,
        ..Default::default()
    }
}

pub fn is_large(b: &Box) -> bool {
    b.need == Size::Large as i32 && b.size() == Size::Large
}
