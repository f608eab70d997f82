//! Server-side SVG bar charts, inlined into pages so figures are visible without JavaScript
//! and under a CSP that forbids inline styles: only presentation attributes and classes.

use std::fmt::Write as _;

use bigdecimal::{BigDecimal, ToPrimitive};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 240.0;
const SIDE: f64 = 16.0;
/// Highest a positive bar reaches; the space above holds its value text.
const TOP: f64 = 24.0;
/// Lowest a negative bar reaches; the space below holds its value text, then the period labels.
const BOTTOM: f64 = 200.0;
const LABEL_Y: f64 = 230.0;
const GAP: &str = "\u{2014}";
/// Both classes, so the stylesheet can colour all bars at once and single out losses.
const NEGATIVE_BAR: &str = "chart-bar chart-bar-negative";

/// One bar: a period label (e.g. "2023") and its value, or None when not disclosed.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The period shown under the bar, e.g. "2023".
    pub label: String,
    /// The disclosed figure, or None when the enterprise did not disclose it.
    pub value: Option<BigDecimal>,
}

/// Renders a bar chart as an inline `<svg>` element.
/// `title` is the accessible name (rendered as <title>), `description` the text alternative
/// (rendered as <desc>), `value_text` formats a value for the label above each bar (the caller
/// decides units and decimals, e.g. |v| format!("{v:.2}")).
pub fn bar_chart(
    title: &str,
    description: &str,
    points: &[Point],
    value_text: &dyn Fn(&BigDecimal) -> String,
) -> String {
    let id = chart_id(title, description, points);
    let mut svg = open_svg(WIDTH, HEIGHT, &id, title, description);
    if points.is_empty() {
        text(&mut svg, "chart-gap", WIDTH / 2.0, HEIGHT / 2.0, GAP);
        svg.push_str("</svg>");
        return svg;
    }

    // Dividing by the largest magnitude first keeps every ratio within [-1, 1], so values near
    // f64::MAX cannot overflow the span and tiny ones are not lost to absolute rounding.
    let mut ratios: Vec<Option<f64>> = points
        .iter()
        .map(|p| p.value.as_ref().map(to_finite))
        .collect();
    let max_abs = ratios.iter().flatten().fold(0.0_f64, |m, v| m.max(v.abs()));
    let (mut up, mut down) = (0.0_f64, 0.0_f64);
    for r in ratios.iter_mut().flatten() {
        if max_abs > 0.0 {
            *r /= max_abs;
        }
        up = up.max(*r);
        down = down.max(-*r);
    }
    // With nothing to scale (all zero or all missing) the baseline sits at the bottom.
    let span = up + down;
    let (baseline, unit) = if span > 0.0 {
        (TOP + (BOTTOM - TOP) * up / span, (BOTTOM - TOP) / span)
    } else {
        (BOTTOM, 0.0)
    };

    let _ = write!(
        svg,
        "<line class=\"chart-axis\" x1=\"{}\" y1=\"{b}\" x2=\"{}\" y2=\"{b}\" stroke=\"currentColor\"/>",
        num(SIDE),
        num(WIDTH - SIDE),
        b = num(baseline),
    );
    let slot = (WIDTH - 2.0 * SIDE) / points.len() as f64;
    for (i, (point, ratio)) in points.iter().zip(ratios).enumerate() {
        let centre = SIDE + slot * (i as f64 + 0.5);
        match (&point.value, ratio) {
            (Some(value), Some(r)) => {
                let height = r.abs() * unit;
                // Negative bars hang from the baseline, so their value text goes underneath.
                let (class, y, text_y) = if r < 0.0 {
                    (NEGATIVE_BAR, baseline, baseline + height + 13.0)
                } else {
                    ("chart-bar", baseline - height, baseline - height - 5.0)
                };
                let _ = write!(
                    svg,
                    "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                    num(centre - slot * 0.3),
                    num(y),
                    num(slot * 0.6),
                    num(height),
                );
                text(&mut svg, "chart-value", centre, text_y, &value_text(value));
            }
            _ => text(&mut svg, "chart-gap", centre, baseline - 4.0, GAP),
        }
        text(&mut svg, "chart-label", centre, LABEL_Y, &point.label);
    }
    svg.push_str("</svg>");
    svg
}

/// The opening of an inline chart: its size, and its title and description as the
/// accessible name and text alternative, under ids unique on the page (`id`).
pub(crate) fn open_svg(
    width: f64,
    height: f64,
    id: &str,
    title: &str,
    description: &str,
) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {} {}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" fill=\"currentColor\" \
         font-size=\"12\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        num(width),
        num(height),
        escape(title),
        escape(description),
    )
}

/// A centred `<text>` of `class` at (x, y), escaped.
pub(crate) fn text(svg: &mut String, class: &str, x: f64, y: f64, content: &str) {
    let (x, y, content) = (num(x), num(y), escape(content));
    let _ = write!(
        svg,
        "<text class=\"{class}\" x=\"{x}\" y=\"{y}\" text-anchor=\"middle\">{content}</text>"
    );
}

/// Drawing needs only a finite approximation; out-of-range magnitudes are clamped.
fn to_finite(value: &BigDecimal) -> f64 {
    let v = value.to_f64().unwrap_or(0.0);
    if v.is_nan() {
        0.0
    } else {
        v.clamp(-f64::MAX, f64::MAX)
    }
}

/// One decimal keeps output compact and identical across runs; `+ 0.0` turns -0 into 0.
pub(crate) fn num(x: f64) -> String {
    format!("{}", (x * 10.0).round() / 10.0 + 0.0)
}

/// Text escaped for SVG content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

fn chart_id(title: &str, description: &str, points: &[Point]) -> String {
    let values: Vec<String> = points
        .iter()
        .flat_map(|p| {
            let value = p
                .value
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            [p.label.clone(), value]
        })
        .collect();
    chart_id_of(
        [title, description]
            .into_iter()
            .chain(values.iter().map(String::as_str)),
    )
}

/// An id for a chart's title and description elements from what it shows, unique when
/// several charts share a page. FNV-1a rather than `DefaultHasher`, whose algorithm may
/// change between Rust releases and would then change the markup; the unit separator
/// keeps ("ab", "c") apart from ("a", "bc").
pub(crate) fn chart_id_of<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0x1f]) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("chart-{:08x}", (hash ^ (hash >> 32)) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn series(values: &[(&str, Option<&str>)]) -> Vec<Point> {
        let point = |&(label, value): &(&str, Option<&str>)| Point {
            label: label.to_owned(),
            value: value.map(|v| BigDecimal::from_str(v).unwrap()),
        };
        values.iter().map(point).collect()
    }

    fn chart(values: &[(&str, Option<&str>)]) -> String {
        bar_chart("营业收入", "收入", &series(values), &|v| {
            v.to_string()
        })
    }

    #[test]
    fn the_root_element_names_its_title_and_description() {
        let svg = chart(&[("2023", Some("1"))]);
        let id = chart_id("营业收入", "收入", &series(&[("2023", Some("1"))]));
        assert!(svg.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 640 240\""
        ));
        assert!(svg.contains(&format!(
            "role=\"img\" aria-labelledby=\"{id}-title {id}-desc\""
        )));
        assert!(svg.contains(&format!("<title id=\"{id}-title\">营业收入</title>")));
        assert!(svg.contains(&format!("<desc id=\"{id}-desc\">收入</desc>")));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn titles_and_labels_are_escaped() {
        let points = series(&[("<2023 & 'Q4'>", Some("5"))]);
        let svg = bar_chart("A&B <\"x\">", "d'<>", &points, &|_| "<&>".into());
        assert!(svg.contains(">A&amp;B &lt;&quot;x&quot;&gt;</title>"));
        assert!(svg.contains(">d&apos;&lt;&gt;</desc>"));
        assert!(svg.contains(">&lt;2023 &amp; &apos;Q4&apos;&gt;</text>"));
        assert!(svg.contains(">&lt;&amp;&gt;</text>"));
        assert!(!svg.contains("<2023") && !svg.contains("A&B"));
    }

    #[test]
    fn negative_values_are_drawn_below_the_baseline() {
        let svg = chart(&[("2022", Some("10")), ("2023", Some("-10"))]);
        // Equal spans put the baseline halfway between TOP (24) and BOTTOM (200).
        assert!(svg.contains("y1=\"112\""));
        assert!(
            svg.contains("class=\"chart-bar\" x=\"76.8\" y=\"24\" width=\"182.4\" height=\"88\"")
        );
        assert!(svg.contains(
            "class=\"chart-bar chart-bar-negative\" x=\"380.8\" y=\"112\" width=\"182.4\" height=\"88\""
        ));
        assert!(svg.contains("x=\"472\" y=\"213\" text-anchor=\"middle\">-10</text>"));
    }

    #[test]
    fn missing_values_leave_a_gap_not_a_bar() {
        let svg = chart(&[("2021", Some("3")), ("2022", None), ("2023", Some("4"))]);
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains(
            "<text class=\"chart-gap\" x=\"320\" y=\"196\" text-anchor=\"middle\">—</text>"
        ));
        assert!(svg.contains(">2022</text>"));
        let none = chart(&[("2022", None), ("2023", None)]);
        assert!(!none.contains("<rect"));
        assert_eq!(none.matches("class=\"chart-gap\"").count(), 2);
    }

    #[test]
    fn an_empty_series_renders_without_bars() {
        let svg = chart(&[]);
        assert!(!svg.contains("<rect") && !svg.contains("chart-label"));
        assert!(svg.contains(
            "<text class=\"chart-gap\" x=\"320\" y=\"120\" text-anchor=\"middle\">—</text>"
        ));
        assert!(svg.contains("<title id=") && svg.contains("<desc id="));
    }

    #[test]
    fn all_zero_values_do_not_divide_by_zero() {
        let svg = chart(&[("2022", Some("0")), ("2023", Some("0.00"))]);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        assert_eq!(svg.matches("height=\"0\"").count(), 2);
    }

    #[test]
    fn very_large_and_tiny_values_are_scaled_to_the_span() {
        let svg = chart(&[
            ("a", Some("1e15")),
            ("b", Some("1e-15")),
            ("c", Some("-1e400")),
        ]);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        // -1e400 is clamped to -f64::MAX and so owns the whole span.
        assert!(svg.contains("x=\"461.9\" y=\"24\" width=\"121.6\" height=\"176\""));
        let tiny = chart(&[("a", Some("2e-18")), ("b", Some("1e-18"))]);
        assert!(tiny.contains("y=\"24\" width=\"182.4\" height=\"176\""));
        assert!(tiny.contains("y=\"112\" width=\"182.4\" height=\"88\""));
    }

    #[test]
    fn coordinates_have_at_most_one_decimal() {
        let svg = chart(&[("a", Some("1")), ("b", Some("2")), ("c", Some("3.3333"))]);
        for number in svg.split('"').filter(|s| s.parse::<f64>().is_ok()) {
            let decimals = number.split('.').nth(1).map_or(0, str::len);
            assert!(decimals <= 1, "{number}");
        }
    }

    #[test]
    fn no_inline_style_is_emitted() {
        let mixed = chart(&[("2023", Some("-2")), ("2024", None), ("2025", Some("7"))]);
        assert!(!mixed.contains("style") && !chart(&[]).contains("style"));
    }

    #[test]
    fn ids_differ_between_charts() {
        let points = series(&[("2023", Some("1"))]);
        let revenue = chart_id("Revenue", "", &points);
        assert!(revenue.starts_with("chart-"));
        assert_ne!(revenue, chart_id("Profit", "", &points));
        assert_eq!(revenue, chart_id("Revenue", "", &points));
        let render = || bar_chart("Revenue", "", &points, &|v| v.to_string());
        assert_eq!(render(), render());
    }
}
