//! 测算依据 reader: finds the arithmetic written in free Chinese text and
//! recomputes it exactly (rationals over `i128`, never floating point).
//!
//! Three kinds of statements are read:
//!
//! - **explicit** expressions with operators: `2080元/人/月×14人×12月=349440元`,
//!   `40元每人每天×6人×365天=8.8万元`, `(2000+600)×4，共计10400`. Multiplication is
//!   `×` `*` `x` `X` `＊`, division `÷` and `/` (only between numbers: the `/` of
//!   `元/人/月` is part of a unit), addition `+` `＋`, subtraction `-` (only with a
//!   stated result, so that ranges like `1-7月` are not read as arithmetic); the
//!   result follows `=` `＝` `≈` or a total word (`共计` `合计` `总计` `小计` `共`);
//! - **rate chains**: `每月编印1期，每期30份，每份5元` is 1 期/月 × 30 份/期 × 5 元/份;
//!   a per-unit (`每月`) is resolved by a stated quantity of that unit elsewhere in
//!   the sentence (`4个月`) or, for 月 / 季度 / 年 only, by the periods of a
//!   budget year (12 / 4 / 1);
//! - **rate groups with a total**: `劳务派遣1人参与工作4个月，每月工资2000，伙食费600，共计10400`
//!   is (2000 + 600) × 4 = 10400.
//!
//! Explicit statements are checked as written. Rate readings are an
//! interpretation of prose, so they are kept only when they agree with the
//! stated total (or when no total is stated): they never make a finding of
//! their own, they only tell which amounts a text computes.
//!
//! Numbers carry the unit written after them: 元 / 千元 / 万元 / 亿元 (a bare `万` is
//! 万元), `%`, `‰`, or a count word (`人`, `个月`, `期` …). A product takes the money
//! unit of its money factor; in a sum, a number without unit takes the unit of
//! its money neighbour. A stated result printed with d decimals stands for the
//! interval [r − ½·10⁻ᵈ, r + ½·10⁻ᵈ]: `=8.8万元` is [8.75, 8.85] 万元, so 87 600 元 is
//! consistent with it.

use std::cmp::Ordering;

use yusuan_model::Decimal;

// ---- Exact numbers -------------------------------------------------------------

/// An exact rational number, always reduced, denominator positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rational {
    num: i128,
    den: i128,
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Rational {
    pub const ZERO: Rational = Rational { num: 0, den: 1 };

    pub fn new(num: i128, den: i128) -> Option<Rational> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den).max(1);
        let sign = if den < 0 { -1 } else { 1 };
        Some(Rational { num: sign * (num / g), den: sign * (den / g) })
    }

    pub const fn int(n: i128) -> Rational {
        Rational { num: n, den: 1 }
    }

    pub fn pow10(k: u32) -> Rational {
        Rational::int(10_i128.pow(k))
    }

    pub fn from_decimal(d: Decimal) -> Option<Rational> {
        Rational::new(d.mantissa, 10_i128.checked_pow(d.scale)?)
    }

    pub fn num(self) -> i128 {
        self.num
    }

    pub fn den(self) -> i128 {
        self.den
    }

    pub fn checked_add(self, o: Rational) -> Option<Rational> {
        let num = self.num.checked_mul(o.den)?.checked_add(o.num.checked_mul(self.den)?)?;
        Rational::new(num, self.den.checked_mul(o.den)?)
    }

    pub fn checked_sub(self, o: Rational) -> Option<Rational> {
        self.checked_add(Rational { num: -o.num, den: o.den })
    }

    pub fn checked_mul(self, o: Rational) -> Option<Rational> {
        // Cross-reduce first to keep the numbers small.
        let g1 = gcd(self.num, o.den).max(1);
        let g2 = gcd(o.num, self.den).max(1);
        let num = (self.num / g1).checked_mul(o.num / g2)?;
        let den = (self.den / g2).checked_mul(o.den / g1)?;
        Rational::new(num, den)
    }

    pub fn checked_div(self, o: Rational) -> Option<Rational> {
        if o.num == 0 {
            return None;
        }
        self.checked_mul(Rational { num: o.den, den: o.num })
    }

    /// Compares exactly; `None` only on overflow.
    pub fn compare(self, o: Rational) -> Option<Ordering> {
        Some(self.num.checked_mul(o.den)?.cmp(&o.num.checked_mul(self.den)?))
    }

    pub fn abs(self) -> Rational {
        Rational { num: self.num.abs(), den: self.den }
    }

    pub fn is_zero(self) -> bool {
        self.num == 0
    }

    /// Rounds half away from zero to `decimals` places and writes the shortest
    /// form (no trailing zeros): `87600`, `8.76`, `0.18`.
    pub fn format(self, decimals: u32) -> String {
        let scale = 10_i128.pow(decimals);
        let n = self.num.saturating_mul(scale);
        let (q, r) = (n / self.den, n % self.den);
        let m = if 2 * r.abs() >= self.den { q + n.signum() } else { q };
        let s = yusuan_model::money::format_mantissa(m as i64, decimals as u8, false);
        if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s }
    }
}

/// A closed interval [lo, hi] of exact values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub lo: Rational,
    pub hi: Rational,
}

impl Range {
    pub fn point(v: Rational) -> Range {
        Range { lo: v, hi: v }
    }

    /// A printed figure `v` with `decimals` places: [v − ½·10⁻ᵈ, v + ½·10⁻ᵈ].
    pub fn printed(v: Rational, decimals: u32) -> Option<Range> {
        let half = Rational::new(5, 10_i128.checked_pow(decimals + 1)?)?;
        Some(Range { lo: v.checked_sub(half)?, hi: v.checked_add(half)? })
    }

    pub fn plus(self, o: Range) -> Option<Range> {
        Some(Range { lo: self.lo.checked_add(o.lo)?, hi: self.hi.checked_add(o.hi)? })
    }

    pub fn scale(self, f: Rational) -> Option<Range> {
        let (a, b) = (self.lo.checked_mul(f)?, self.hi.checked_mul(f)?);
        Some(if a.compare(b)? == Ordering::Greater { Range { lo: b, hi: a } } else { Range { lo: a, hi: b } })
    }

    pub fn contains(self, v: Rational) -> bool {
        matches!(self.lo.compare(v), Some(Ordering::Less | Ordering::Equal))
            && matches!(v.compare(self.hi), Some(Ordering::Less | Ordering::Equal))
    }

    pub fn meets(self, o: Range) -> bool {
        matches!(self.lo.compare(o.hi), Some(Ordering::Less | Ordering::Equal))
            && matches!(o.lo.compare(self.hi), Some(Ordering::Less | Ordering::Equal))
    }

    /// The middle of the interval.
    pub fn mid(self) -> Rational {
        self.lo.checked_add(self.hi).and_then(|s| s.checked_div(Rational::int(2))).unwrap_or(self.lo)
    }
}

// ---- Units ------------------------------------------------------------------------

/// A money unit written in a 测算依据.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Money {
    Yuan,
    Qian,
    Wan,
    Yi,
}

impl Money {
    /// How many 元 one unit holds.
    pub fn factor(self) -> Rational {
        match self {
            Money::Yuan => Rational::int(1),
            Money::Qian => Rational::int(1_000),
            Money::Wan => Rational::int(10_000),
            Money::Yi => Rational::int(100_000_000),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Money::Yuan => "元",
            Money::Qian => "千元",
            Money::Wan => "万元",
            Money::Yi => "亿元",
        }
    }
}

/// The unit written after a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    Money(Money),
    Percent,
    Permille,
    /// A count word (`人`, `月`, `期`; empty for a bare number), with a
    /// multiplier 10^exp (`1.2万人` is 12 000 人).
    Plain {
        word: String,
        exp: u32,
    },
}

impl Unit {
    pub fn money(&self) -> Option<Money> {
        match self {
            Unit::Money(m) => Some(*m),
            _ => None,
        }
    }

    /// The count word, when the number counts something.
    pub fn word(&self) -> Option<&str> {
        match self {
            Unit::Plain { word, .. } if !word.is_empty() => Some(word),
            _ => None,
        }
    }

    pub fn is_bare(&self) -> bool {
        matches!(self, Unit::Plain { word, .. } if word.is_empty())
    }
}

/// Count words, longest first where one is a prefix of another; the second
/// element is the canonical word used to match per-units (`个月` ≡ `月`).
const COUNT_WORDS: &[(&str, &str)] = &[
    ("平方米", "平方米"),
    ("个课题", "课题"),
    ("个单位", "单位"),
    ("个社区", "社区"),
    ("个村", "村"),
    ("个月", "月"),
    ("季度", "季度"),
    ("人次", "人次"),
    ("课题", "课题"),
    ("单位", "单位"),
    ("社区", "社区"),
    ("小时", "小时"),
    ("公里", "公里"),
    ("月", "月"),
    ("年", "年"),
    ("周", "周"),
    ("天", "天"),
    ("日", "天"),
    ("人", "人"),
    ("名", "人"),
    ("期", "期"),
    ("份", "份"),
    ("次", "次"),
    ("个", "个"),
    ("本", "本"),
    ("册", "册"),
    ("场", "场"),
    ("批", "批"),
    ("件", "件"),
    ("户", "户"),
    ("辆", "辆"),
    ("台", "台"),
    ("套", "套"),
    ("张", "张"),
    ("页", "页"),
    ("村", "村"),
    ("项", "项"),
    ("篇", "篇"),
    ("条", "条"),
    ("间", "间"),
    ("处", "处"),
    ("起", "起"),
    ("米", "米"),
];

/// The canonical count word at the start of `s` and its length in chars.
fn count_word(s: &[char]) -> Option<(&'static str, usize)> {
    COUNT_WORDS.iter().find_map(|(w, canon)| {
        let wc: Vec<char> = w.chars().collect();
        s.starts_with(&wc).then_some((*canon, wc.len()))
    })
}

fn unit_of(tail: &[char]) -> Unit {
    let plain = |rest: &[char], exp: u32| {
        let word = match count_word(rest) {
            Some((w, _)) => w.to_owned(),
            None => rest.iter().take_while(|c| !matches!(c, '/' | '每' | '、')).take(2).collect(),
        };
        Unit::Plain { word, exp }
    };
    match tail.first() {
        None => Unit::Plain { word: String::new(), exp: 0 },
        Some('元') => Unit::Money(Money::Yuan),
        Some('%') => Unit::Percent,
        Some('‰') => Unit::Permille,
        Some(&c @ ('万' | '亿' | '千')) => {
            let (m, exp) = match c {
                '万' => (Money::Wan, 4),
                '亿' => (Money::Yi, 8),
                _ => (Money::Qian, 3),
            };
            match tail.get(1) {
                Some('元') => Unit::Money(m),
                // A bare 万 / 亿 after an amount is 万元 / 亿元 (劳务费4万); a bare 千 is a number.
                None | Some('/' | '每' | '、') if c != '千' => Unit::Money(m),
                _ => plain(&tail[1..], exp),
            }
        }
        Some(_) => plain(tail, 0),
    }
}

// ---- Numbers in text -----------------------------------------------------------------

fn normalize(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '＝' => '=',
        '＋' => '+',
        '＊' | '✱' => '*',
        '✕' | '╳' => '×',
        '／' => '/',
        '（' => '(',
        '）' => ')',
        '％' => '%',
        '－' | '−' => '-',
        _ => c,
    }
}

/// Characters that end a unit tail (and a clause or sentence, see below).
fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '。'
            | '；'
            | ';'
            | ':'
            | '：'
            | '《'
            | '》'
            | '“'
            | '”'
            | '"'
            | '\''
            | '【'
            | '】'
            | '['
            | ']'
            | '！'
            | '!'
            | '？'
            | '?'
            | '…'
            | '('
            | ')'
            | '='
            | '≈'
    ) || c.is_whitespace()
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '\n' | '！' | '!' | '？' | '?')
}

const TOTAL_WORDS: &[&str] = &["共计", "合计", "总计", "小计", "共"];

/// A number with the unit written after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Num {
    pub value: Decimal,
    pub unit: Unit,
    /// Char offsets of the number and its unit tail: [start, end).
    pub start: usize,
    pub end: usize,
    /// The number and its unit as written.
    pub text: String,
}

impl Num {
    /// The value in base units: 元 for money, the plain value otherwise
    /// (a percentage as a fraction).
    pub fn base(&self) -> Option<Rational> {
        self.to_base(Rational::from_decimal(self.value)?)
    }

    fn to_base(&self, v: Rational) -> Option<Rational> {
        match &self.unit {
            Unit::Money(m) => v.checked_mul(m.factor()),
            Unit::Percent => v.checked_div(Rational::int(100)),
            Unit::Permille => v.checked_div(Rational::int(1000)),
            Unit::Plain { exp, .. } => v.checked_mul(Rational::pow10(*exp)),
        }
    }

    /// The interval the printed number stands for, in base units.
    pub fn range(&self) -> Option<Range> {
        let r = Range::printed(Rational::from_decimal(self.value)?, self.value.scale)?;
        Some(Range { lo: self.to_base(r.lo)?, hi: self.to_base(r.hi)? })
    }

    /// The interval in base units, reading a bare number in `assume` (for a
    /// result whose unit is implied by the expression).
    pub fn range_as(&self, assume: Option<Money>) -> Option<Range> {
        match (&self.unit, assume) {
            (u, Some(m)) if u.is_bare() => self.range()?.scale(m.factor()),
            _ => self.range(),
        }
    }
}

struct Text {
    ch: Vec<char>,
}

impl Text {
    fn new(s: &str) -> Text {
        Text { ch: s.chars().map(normalize).collect() }
    }

    fn get(&self, i: usize) -> Option<char> {
        self.ch.get(i).copied()
    }

    fn is_digit(&self, i: usize) -> bool {
        self.get(i).is_some_and(|c| c.is_ascii_digit())
    }

    fn skip_spaces(&self, mut i: usize) -> usize {
        while self.get(i).is_some_and(|c| c == ' ' || c == '\u{3000}' || c == '\t') {
            i += 1;
        }
        i
    }

    fn starts_with(&self, i: usize, w: &str) -> bool {
        (i..).zip(w.chars()).all(|(k, c)| self.get(k) == Some(c))
    }

    fn slice(&self, a: usize, b: usize) -> String {
        self.ch[a.min(self.ch.len())..b.min(self.ch.len())].iter().collect()
    }

    /// A number can start here: a digit not continuing another number.
    fn number_start(&self, i: usize) -> bool {
        self.is_digit(i) && (i == 0 || !(self.is_digit(i - 1) || self.get(i - 1) == Some('.')))
    }

    /// A number or a parenthesised expression starts here.
    fn operand_start(&self, i: usize) -> bool {
        self.number_start(i) || (self.get(i) == Some('(') && self.number_start(self.skip_spaces(i + 1)))
    }

    /// An operator at `i` that is followed by an operand: (op, index after it).
    fn op_at(&self, i: usize) -> Option<(Op, usize)> {
        let op = match self.get(i)? {
            '×' | '*' | 'x' | 'X' => Op::Mul,
            '÷' | '/' => Op::Div,
            '+' => Op::Add,
            '-' => Op::Sub,
            _ => return None,
        };
        let after = self.skip_spaces(i + 1);
        self.operand_start(after).then_some((op, after))
    }

    /// A total word (`共计`) at `i`, followed (after `为` / `约` / `:`) by a number:
    /// the index of the number.
    fn total_at(&self, i: usize) -> Option<usize> {
        let w = TOTAL_WORDS.iter().find(|w| self.starts_with(i, w))?;
        let mut k = i + w.chars().count();
        while matches!(self.get(k), Some('为' | '约' | ':' | '：' | ' ')) {
            k += 1;
        }
        self.number_start(k).then_some(k)
    }

    /// The digits of a number at `i` (with `,` thousands groups and a decimal part).
    fn digits(&self, i: usize) -> Option<(Decimal, usize)> {
        if !self.number_start(i) {
            return None;
        }
        let mut s = String::new();
        let mut j = i;
        while self.is_digit(j) {
            s.push(self.ch[j]);
            j += 1;
        }
        while self.get(j) == Some(',') && (1..=3).all(|k| self.is_digit(j + k)) && !self.is_digit(j + 4) {
            s.extend(&self.ch[j + 1..j + 4]);
            j += 4;
        }
        if self.get(j) == Some('.') && self.is_digit(j + 1) {
            s.push('.');
            j += 1;
            while self.is_digit(j) {
                s.push(self.ch[j]);
                j += 1;
            }
        }
        if s.chars().filter(char::is_ascii_digit).count() > 18 {
            return None;
        }
        Decimal::parse(&s).map(|d| (d, j))
    }

    /// The end of the unit written after a number that ends at `j`.
    fn tail_end(&self, j: usize) -> usize {
        let mut k = j;
        while let Some(c) = self.get(k) {
            if k - j >= 8 || c.is_ascii_digit() || is_terminator(c) || matches!(c, '×' | '*' | '÷' | '+' | '-') {
                break;
            }
            if matches!(c, '/' | 'x' | 'X') && self.op_at(k).is_some() {
                break;
            }
            if self.total_at(k).is_some() {
                break;
            }
            k += 1;
        }
        // `、` belongs to a unit only when the unit leads to an operator (`2080元、人/月×14人`).
        if let Some(p) = (j..k).find(|&p| self.ch[p] == '、')
            && self.op_at(self.skip_spaces(k)).is_none()
        {
            return p;
        }
        k
    }

    fn number(&self, i: usize) -> Option<Num> {
        let (value, j) = self.digits(i)?;
        let end = self.tail_end(j);
        let unit = unit_of(&self.ch[j..end]);
        Some(Num { value, unit, start: i, end, text: self.slice(i, end) })
    }

    /// Every number of the text, in order.
    fn numbers(&self) -> Vec<Num> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.ch.len() {
            match self.number(i) {
                Some(n) => {
                    i = n.end.max(i + 1);
                    out.push(n);
                }
                None => i += 1,
            }
        }
        out
    }
}

// ---- Explicit expressions -------------------------------------------------------------

/// An arithmetic operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone)]
enum Node {
    Leaf(Num),
    Bin(Op, Box<Node>, Box<Node>),
    /// A parenthesised expression with the unit written after it: `(300+200)元/人`.
    Paren(Box<Node>, Unit),
}

/// A value with its dimension: base units (元 for money) and the money unit it came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity {
    pub value: Rational,
    pub money: Option<Money>,
}

impl Node {
    fn ops(&self) -> usize {
        match self {
            Node::Leaf(_) => 0,
            Node::Bin(_, a, b) => 1 + a.ops() + b.ops(),
            Node::Paren(a, _) => a.ops(),
        }
    }

    /// Every number counts something (`3人×2天`): no bare number, no money.
    fn all_counted(&self) -> bool {
        match self {
            Node::Leaf(n) => n.unit.word().is_some() || matches!(n.unit, Unit::Percent | Unit::Permille),
            Node::Bin(_, a, b) => a.all_counted() && b.all_counted(),
            Node::Paren(a, u) => u.word().is_some() || a.all_counted(),
        }
    }

    fn has_sub(&self) -> bool {
        match self {
            Node::Leaf(_) => false,
            Node::Bin(op, a, b) => *op == Op::Sub || a.has_sub() || b.has_sub(),
            Node::Paren(a, _) => a.has_sub(),
        }
    }

    /// Evaluates; `None` on overflow, division by zero, or a dimension that
    /// makes no sense as a 测算依据 (money × money).
    fn eval(&self) -> Option<Quantity> {
        match self {
            Node::Leaf(n) => Some(Quantity { value: n.base()?, money: n.unit.money() }),
            Node::Paren(a, unit) => {
                let q = a.eval()?;
                match (q.money, unit.money()) {
                    (None, Some(m)) => Some(Quantity { value: q.value.checked_mul(m.factor())?, money: Some(m) }),
                    _ => Some(q),
                }
            }
            Node::Bin(op, a, b) => {
                let (x, y) = (a.eval()?, b.eval()?);
                match op {
                    Op::Add | Op::Sub => {
                        // A bare number added to money is in the same money unit.
                        let bare = |n: &Node| matches!(n, Node::Leaf(l) if l.unit.is_bare());
                        let lift = |q: Quantity, n: &Node, m: Option<Money>| match (q.money, m) {
                            (None, Some(m)) if bare(n) => q.value.checked_mul(m.factor()),
                            _ => Some(q.value),
                        };
                        let m = x.money.or(y.money);
                        let (xv, yv) = (lift(x, a, m)?, lift(y, b, m)?);
                        let value = if *op == Op::Add { xv.checked_add(yv)? } else { xv.checked_sub(yv)? };
                        Some(Quantity { value, money: m })
                    }
                    Op::Mul => {
                        if x.money.is_some() && y.money.is_some() {
                            return None;
                        }
                        Some(Quantity { value: x.value.checked_mul(y.value)?, money: x.money.or(y.money) })
                    }
                    Op::Div => {
                        let money = match (x.money, y.money) {
                            (Some(m), None) => Some(m),
                            (None, None) | (Some(_), Some(_)) => None,
                            (None, Some(_)) => return None,
                        };
                        Some(Quantity { value: x.value.checked_div(y.value)?, money })
                    }
                }
            }
        }
    }
}

struct Parser<'t> {
    t: &'t Text,
}

impl Parser<'_> {
    /// expr := term (('+' | '-') term)*
    fn expr(&self, i: usize) -> Option<(Node, usize)> {
        let (mut left, mut j) = self.term(i)?;
        loop {
            let k = self.t.skip_spaces(j);
            let Some((op @ (Op::Add | Op::Sub), after)) = self.t.op_at(k) else { break };
            let Some((right, j2)) = self.term(after) else { break };
            left = Node::Bin(op, Box::new(left), Box::new(right));
            j = j2;
        }
        Some((left, j))
    }

    /// term := factor (('×' | '÷') factor)*
    fn term(&self, i: usize) -> Option<(Node, usize)> {
        let (mut left, mut j) = self.factor(i)?;
        loop {
            let k = self.t.skip_spaces(j);
            let Some((op @ (Op::Mul | Op::Div), after)) = self.t.op_at(k) else { break };
            let Some((right, j2)) = self.factor(after) else { break };
            left = Node::Bin(op, Box::new(left), Box::new(right));
            j = j2;
        }
        Some((left, j))
    }

    /// factor := number unit | '(' expr ')'
    fn factor(&self, i: usize) -> Option<(Node, usize)> {
        let i = self.t.skip_spaces(i);
        if self.t.get(i) == Some('(') {
            let (e, j) = self.expr(i + 1)?;
            let j = self.t.skip_spaces(j);
            if self.t.get(j) != Some(')') {
                return None;
            }
            let end = self.t.tail_end(j + 1);
            let unit = unit_of(&self.t.ch[j + 1..end]);
            return Some((Node::Paren(Box::new(e), unit), end));
        }
        let n = self.t.number(i)?;
        let end = n.end;
        Some((Node::Leaf(n), end))
    }

    /// The stated result after an expression ending at `j`: `=c`, `，共计c`.
    fn result(&self, j: usize) -> Option<Num> {
        let k = self.t.skip_spaces(j);
        let at = match self.t.get(k)? {
            '=' | '≈' => {
                let mut m = self.t.skip_spaces(k + 1);
                if self.t.get(m) == Some('约') {
                    m += 1;
                }
                m
            }
            '，' | ',' => self.t.total_at(self.t.skip_spaces(k + 1))?,
            _ => self.t.total_at(k)?,
        };
        self.t.number(at)
    }
}

// ---- Statements ------------------------------------------------------------------------

/// How a statement was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Written with operators.
    Explicit,
    /// A chain of 每 rates (`每月1期，每期30份，每份5元`), possibly with a total.
    Rates,
}

/// What a statement's check says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// No result is stated.
    NoResult,
    /// The stated result agrees with the computed value within its rounding.
    Consistent,
    /// The stated result is the computed value × 10^exp (exp = ±4: 元 / 万元 confused).
    UnitSlip { exp: i32 },
    /// The stated result disagrees.
    Wrong,
}

/// An arithmetic statement found in a text.
#[derive(Debug, Clone)]
pub struct Statement {
    pub kind: Kind,
    /// Char offsets in the text: [start, end).
    pub start: usize,
    pub end: usize,
    /// The statement as written.
    pub text: String,
    /// The expression part as written (without the result).
    pub expression: String,
    /// The exact value of the expression, in 元 when it is money.
    pub computed: Quantity,
    /// The result as written, if any.
    pub stated: Option<Num>,
    /// The result feeds the next statement (`a×b=c×d=e`): not an amount of its own.
    pub intermediate: bool,
    /// The money unit was assumed (no number of the statement names one).
    pub assumed_unit: bool,
    /// The result can be compared: not a money result of a product of counts
    /// (`3人×2天，共600元` leaves the rate out rather than miscomputing).
    pub checkable: bool,
}

impl Statement {
    /// The money unit of the statement: the expression's, else the result's.
    pub fn money(&self) -> Option<Money> {
        self.computed.money.or(self.stated.as_ref().and_then(|s| s.unit.money()))
    }

    /// The computed value in base units, reading a bare expression in the result's unit.
    pub fn computed_base(&self) -> Option<Rational> {
        match (self.computed.money, self.stated.as_ref().and_then(|s| s.unit.money())) {
            (None, Some(m)) => self.computed.value.checked_mul(m.factor()),
            _ => Some(self.computed.value),
        }
    }

    /// The stated result's interval in base units.
    pub fn stated_range(&self) -> Option<Range> {
        self.stated.as_ref()?.range_as(self.computed.money)
    }

    /// Compares the stated result with the computed value.
    pub fn check(&self) -> Check {
        if !self.checkable {
            return Check::NoResult;
        }
        let (Some(range), Some(c)) = (self.stated_range(), self.computed_base()) else { return Check::NoResult };
        if range.contains(c) {
            return Check::Consistent;
        }
        let both_money =
            self.computed.money.is_some() && self.stated.as_ref().is_some_and(|s| s.unit.money().is_some());
        if both_money {
            for exp in [4_i32, -4] {
                let f = if exp > 0 { Rational::pow10(4) } else { Rational::new(1, 10_000).unwrap_or(Rational::ZERO) };
                if c.checked_mul(f).is_some_and(|v| range.contains(v)) {
                    return Check::UnitSlip { exp };
                }
            }
        }
        Check::Wrong
    }

    /// The amount the statement stands for, as an interval in 元: the stated
    /// result when there is one, else the computed value. `None` when it is not money.
    pub fn amount(&self) -> Option<Range> {
        self.money()?;
        match self.stated_range() {
            Some(r) => Some(r),
            None => self.computed_base().map(Range::point),
        }
    }

    /// The computed value as text in `unit` (元 for money when none given).
    pub fn show_computed(&self, unit: Option<Money>) -> String {
        let Some(c) = self.computed_base() else { return String::new() };
        match self.money() {
            Some(m) => show_money(c, unit.unwrap_or(m)),
            None => c.format(4),
        }
    }
}

/// Money in 元 shown in `unit`, with up to 4 decimals and the unit name; with the
/// 万元 value added when shown in 元 and ≥ 10 000 元.
pub fn show_money(yuan: Rational, unit: Money) -> String {
    let v = yuan.checked_div(unit.factor()).unwrap_or(yuan);
    let main = format!("{}{}", v.format(4), unit.label());
    if unit == Money::Yuan && yuan.abs().compare(Rational::int(10_000)) != Some(Ordering::Less) {
        let wan = yuan.checked_div(Rational::int(10_000)).unwrap_or(yuan);
        format!("{main}（{}万元）", wan.format(4))
    } else {
        main
    }
}

/// What a text says: its numbers and the statements read from it.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub numbers: Vec<Num>,
    pub statements: Vec<Statement>,
}

impl Reading {
    /// Money numbers that no statement uses.
    pub fn standalone_money(&self) -> impl Iterator<Item = &Num> {
        self.numbers.iter().filter(|n| {
            n.unit.money().is_some() && !self.statements.iter().any(|s| s.start <= n.start && n.start < s.end)
        })
    }

    /// Statements that stand for an amount of money (not intermediate steps).
    pub fn money_statements(&self) -> impl Iterator<Item = &Statement> {
        self.statements.iter().filter(|s| !s.intermediate && s.amount().is_some())
    }
}

/// Reads the arithmetic of a text.
pub fn read(text: &str) -> Reading {
    let t = Text::new(text);
    let mut statements = explicit(&t);
    let numbers = t.numbers();
    let rates = rate_readings(&t, &numbers, &statements);
    statements.extend(rates);
    statements.sort_by_key(|s| s.start);
    Reading { numbers, statements }
}

fn explicit(t: &Text) -> Vec<Statement> {
    let p = Parser { t };
    let mut out: Vec<Statement> = Vec::new();
    let mut i = 0;
    while i < t.ch.len() {
        if !t.operand_start(i) {
            i += 1;
            continue;
        }
        let Some((node, j)) = p.expr(i) else {
            i += 1;
            continue;
        };
        if node.ops() == 0 {
            // Skip the whole number so that its digits are not re-read.
            i = t.number(i).map_or(i + 1, |n| n.end.max(i + 1));
            continue;
        }
        let stated = p.result(j);
        if node.has_sub() && stated.is_none() {
            i = j.max(i + 1);
            continue;
        }
        let end = stated.as_ref().map_or(j, |s| s.end);
        // `a×b=c×d=e`: c starts the next statement.
        let chained = stated.as_ref().is_some_and(|s| t.op_at(t.skip_spaces(s.end)).is_some());
        let next = if chained { stated.as_ref().map_or(end, |s| s.start) } else { end };
        let checkable = !(node.all_counted() && stated.as_ref().is_some_and(|s| s.unit.money().is_some()));
        if let Some(computed) = node.eval() {
            out.push(Statement {
                kind: Kind::Explicit,
                start: i,
                end,
                text: t.slice(i, end).trim().to_owned(),
                expression: t.slice(i, j).trim().to_owned(),
                computed,
                stated,
                intermediate: chained,
                assumed_unit: false,
                checkable,
            });
        }
        i = next.max(i + 1);
    }
    out
}

// ---- Rate readings ----------------------------------------------------------------------

/// Periods of a budget year for a per-unit no quantity is given for.
fn periods_per_year(unit: &str) -> Option<i128> {
    match unit {
        "月" => Some(12),
        "季度" => Some(4),
        "年" => Some(1),
        _ => None,
    }
}

/// A clause `[start, end)` of a sentence.
#[derive(Debug, Clone, Copy)]
struct Clause {
    start: usize,
    end: usize,
}

/// A clause `每<unit>…<number>`: the per-units and the number.
struct RateClause<'n> {
    /// Where the first 每 is.
    at: usize,
    per: Vec<&'static str>,
    num: &'n Num,
}

fn clauses(t: &Text, numbers: &[Num], a: usize, b: usize) -> Vec<Clause> {
    let inside_number = |k: usize| numbers.iter().any(|n| n.start < k && k < n.end);
    let mut out = Vec::new();
    let mut s = a;
    for k in a..b {
        if matches!(t.ch[k], '，' | ',') && !inside_number(k) {
            out.push(Clause { start: s, end: k });
            s = k + 1;
        }
    }
    out.push(Clause { start: s, end: b });
    out.retain(|c| c.end > c.start);
    out
}

fn nums_in(numbers: &[Num], c: Clause) -> Vec<&Num> {
    numbers.iter().filter(|n| n.start >= c.start && n.start < c.end).collect()
}

fn rate_clause<'n>(t: &Text, numbers: &'n [Num], c: Clause) -> Option<RateClause<'n>> {
    let first_num = nums_in(numbers, c).into_iter().next()?;
    let mut per = Vec::new();
    let mut at = None;
    let mut k = c.start;
    while k < first_num.start {
        if t.ch[k] == '每' {
            at.get_or_insert(k);
            let (w, len) = count_word(&t.ch[k + 1..first_num.start])?;
            per.push(w);
            k += 1 + len;
        } else {
            k += 1;
        }
    }
    Some(RateClause { at: at?, per, num: first_num })
}

/// Rate chains and rate groups, kept only where they agree with a stated total.
fn rate_readings(t: &Text, numbers: &[Num], explicit: &[Statement]) -> Vec<Statement> {
    let taken = |n: &Num| explicit.iter().any(|s| s.start <= n.start && n.start < s.end);
    let mut out = Vec::new();
    let mut a = 0;
    let n = t.ch.len();
    while a < n {
        let b = (a..n).find(|&k| is_sentence_end(t.ch[k])).unwrap_or(n);
        let cs = clauses(t, numbers, a, b);
        let mut i = 0;
        while i < cs.len() {
            match rate_group(t, numbers, &cs, i, &taken) {
                Some((s, next)) => {
                    out.push(s);
                    i = next;
                }
                None => i += 1,
            }
        }
        a = b + 1;
    }
    out
}

/// Reads a rate group starting at clause `i`: the statement and the index of the clause after it.
fn rate_group(
    t: &Text,
    numbers: &[Num],
    cs: &[Clause],
    i: usize,
    taken: &dyn Fn(&Num) -> bool,
) -> Option<(Statement, usize)> {
    let head = rate_clause(t, numbers, cs[i])?;
    if taken(head.num) {
        return None;
    }
    // Chain links: `每期30份` after a number of 期.
    let mut links: Vec<&Num> = vec![head.num];
    let mut j = i + 1;
    while j < cs.len() {
        let Some(r) = rate_clause(t, numbers, cs[j]) else { break };
        let prev = links.last().and_then(|l| l.unit.word());
        if r.per.len() != 1 || prev != Some(r.per[0]) || taken(r.num) {
            break;
        }
        links.push(r.num);
        j += 1;
    }
    // Items sharing the head's rate: `每月工资2000，伙食费600`.
    let mut items: Vec<&Num> = Vec::new();
    if links.len() == 1 {
        while j < cs.len() && t.total_at(t.skip_spaces(cs[j].start)).is_none() {
            let ns = nums_in(numbers, cs[j]);
            let [only] = ns[..] else { break };
            if !(only.unit.is_bare() || only.unit.money().is_some())
                || taken(only)
                || t.ch[cs[j].start..cs[j].end].contains(&'每')
            {
                break;
            }
            items.push(only);
            j += 1;
        }
    }
    let last = *links.last()?;
    let all_items: Vec<&Num> = std::iter::once(last).chain(items.iter().copied()).collect();
    if !all_items.iter().all(|n| n.unit.is_bare() || n.unit.money().is_some()) {
        return None;
    }
    // A stated total in the next clause: `共计10400`, `全年共计1800元`.
    let stated = cs.get(j).and_then(|c| {
        let mut k = t.skip_spaces(c.start);
        for prefix in ["全年", "一年", "年"] {
            if t.starts_with(k, prefix) {
                k += prefix.chars().count();
                break;
            }
        }
        let at = t.total_at(k)?;
        let num = t.number(at)?;
        (num.unit.is_bare() || num.unit.money().is_some()).then_some(num)
    });
    let last_number = items.last().copied().unwrap_or(last);
    let group_end = stated.as_ref().map_or(last_number.end, |s| s.end);
    let group_start = head.at;
    // Per-units: a stated quantity of that unit elsewhere in the sentence, or the periods of a year.
    let sentence = Clause { start: cs[0].start, end: cs[cs.len() - 1].end };
    let mut multiplier = Rational::int(1);
    let mut implied = false;
    for unit in &head.per {
        let qs: Vec<&Num> = nums_in(numbers, sentence)
            .into_iter()
            .filter(|q| (q.start < group_start || q.start >= group_end) && q.unit.word() == Some(unit) && !taken(q))
            .collect();
        let v = match qs[..] {
            [q] => q.base()?,
            [] => {
                implied = true;
                Rational::int(periods_per_year(unit)?)
            }
            _ => return None,
        };
        multiplier = multiplier.checked_mul(v)?;
    }
    // Value: links before the last multiply; the last and the items add up.
    let money = all_items.iter().find_map(|n| n.unit.money()).or(stated.as_ref().and_then(|s| s.unit.money()));
    let assumed_unit = money.is_none();
    let unit = money.unwrap_or(Money::Yuan);
    let mut sum = Rational::ZERO;
    for n in &all_items {
        let v = if n.unit.is_bare() { n.base()?.checked_mul(unit.factor())? } else { n.base()? };
        sum = sum.checked_add(v)?;
    }
    let mut value = sum.checked_mul(multiplier)?;
    for l in &links[..links.len() - 1] {
        value = value.checked_mul(Rational::from_decimal(l.value)?)?;
    }
    let computed = Quantity { value, money: Some(unit) };
    let statement = Statement {
        kind: Kind::Rates,
        start: group_start,
        end: group_end,
        text: t.slice(group_start, group_end).trim().to_owned(),
        expression: t.slice(group_start, last_number.end).trim().to_owned(),
        computed,
        stated,
        intermediate: false,
        assumed_unit,
        checkable: true,
    };
    // Keep the reading only when it agrees with its total, or, without a total,
    // when it is a true chain (or every per-unit was given a quantity).
    let keep = match statement.check() {
        Check::Consistent => true,
        Check::NoResult => links.len() >= 2 || !implied,
        _ => false,
    };
    let next = j + usize::from(statement.stated.is_some());
    keep.then_some((statement, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i128, d: i128) -> Rational {
        Rational::new(n, d).unwrap()
    }

    fn yuan(s: &Statement) -> Rational {
        s.computed_base().unwrap()
    }

    fn only(text: &str) -> Statement {
        let rd = read(text);
        assert_eq!(rd.statements.len(), 1, "{text}: {:#?}", rd.statements);
        rd.statements.into_iter().next().unwrap()
    }

    #[test]
    fn rationals_are_exact() {
        assert_eq!(r(6, 4), r(3, 2));
        assert_eq!(r(1, -2), r(-1, 2));
        assert_eq!(r(1, 3).checked_add(r(1, 6)).unwrap(), r(1, 2));
        assert_eq!(r(2, 3).checked_mul(r(9, 4)).unwrap(), r(3, 2));
        assert_eq!(r(87600, 10000).format(2), "8.76");
        assert_eq!(r(1, 3).format(4), "0.3333");
        assert_eq!(r(5, 2).format(0), "3");
        assert_eq!(r(-5, 2).format(0), "-3");
        assert_eq!(Rational::int(349440).format(2), "349440");
        assert!(Range::printed(r(88, 10), 1).unwrap().contains(r(876, 100)));
        assert!(!Range::printed(r(88, 10), 1).unwrap().contains(r(874, 100)));
    }

    #[test]
    fn units_after_numbers() {
        let ns = Text::new("劳务费4万，调查问卷1万元，40元每人每天，6人，4个月，1.2万人，5千，80%，每份5元").numbers();
        let units: Vec<Unit> = ns.iter().map(|n| n.unit.clone()).collect();
        let plain = |w: &str, exp| Unit::Plain { word: w.into(), exp };
        assert_eq!(
            units,
            vec![
                Unit::Money(Money::Wan),
                Unit::Money(Money::Wan),
                Unit::Money(Money::Yuan),
                plain("人", 0),
                plain("月", 0),
                plain("人", 4),
                plain("", 3),
                Unit::Percent,
                Unit::Money(Money::Yuan),
            ]
        );
        assert_eq!(ns[5].base().unwrap(), Rational::int(12000));
    }

    // ---- The seed's expressions -----------------------------------------------------

    #[test]
    fn seed_wages_line() {
        let s = only("2080元/人/月×14人×12月=349440元");
        assert_eq!(s.kind, Kind::Explicit);
        assert_eq!(yuan(&s), Rational::int(349440));
        assert_eq!(s.check(), Check::Consistent);
        assert_eq!(s.expression, "2080元/人/月×14人×12月");
    }

    #[test]
    fn seed_unit_with_enumeration_comma() {
        let s = only("基本工资2080元、人/月×14人×12月=349440元");
        assert_eq!(yuan(&s), Rational::int(349440));
        assert_eq!(s.check(), Check::Consistent);
        assert_eq!(s.text, "2080元、人/月×14人×12月=349440元");
    }

    #[test]
    fn seed_pinyong_basis_reads_five_statements() {
        let text = "区长专线临时人员7名，3名司机及4名文员（基本工资2080元、人/月×14人×12月=349440元，五险968元、人/月×14人×12月=162624元，节日补助1500元/人×14人=21000元，伙食补助600元、人/月×14人×12月=100800元，代理费60元、人/月×14人×12月=10080元。";
        let rd = read(text);
        let values: Vec<Rational> = rd.statements.iter().map(yuan).collect();
        assert_eq!(values, [349440, 162624, 21000, 100800, 10080].map(Rational::int).to_vec());
        assert!(rd.statements.iter().all(|s| s.check() == Check::Consistent));
        assert_eq!(rd.standalone_money().count(), 0);
        let total =
            rd.money_statements().try_fold(Range::point(Rational::ZERO), |acc, s| acc.plus(s.amount()?)).unwrap();
        assert!(total.contains(Rational::int(643944)));
    }

    #[test]
    fn seed_pinyong_uses_half_width_punctuation() {
        let text = "区长专线临时人员7名, 3名司机及4名文员(基本工资2080元、人/月×14人×12月=349440元, 五险968元、人/月×14人×12月=162624元, 节日补助1500元/人×14人=21000元, 伙食补助600元、人/月×14人×12月=100800元, 代理费60元、人/月×14人×12月=10080元。";
        let rd = read(text);
        assert_eq!(rd.statements.len(), 5, "{:#?}", rd.statements);
        assert!(rd.statements.iter().all(|s| s.check() == Check::Consistent));
    }

    #[test]
    fn seed_meals_rounded_result_is_consistent() {
        let s = only("值班干部盒饭保障9万元，40元每人每天×6人×365天=8.8万元，洗漱用品等物资2万元");
        assert_eq!(yuan(&s), Rational::int(87600));
        assert_eq!(s.check(), Check::Consistent, "8.8万元 stands for [8.75, 8.85] 万元");
        assert_eq!(s.stated_range().unwrap(), Range { lo: Rational::int(87500), hi: Rational::int(88500) });
    }

    #[test]
    fn seed_zhiban_uses_text() {
        let text = "1、区政府总值班室政务值班保障经费19万元（总值班室值班系统维护费用8万元，值班干部盒饭保障9万元，40元每人每天×6人×365天=8.8万元，洗漱用品等物资2万元）。 2、开展工作业务培训、印刷资料5万元。";
        let rd = read(text);
        assert_eq!(rd.statements.len(), 1, "{:#?}", rd.statements);
        assert_eq!(rd.statements[0].check(), Check::Consistent);
        assert_eq!(rd.standalone_money().count(), 5);
    }

    #[test]
    fn seed_rate_chain_without_result() {
        let s = only("每月编印1期，每期30份，每份5元");
        assert_eq!(s.kind, Kind::Rates);
        assert_eq!(yuan(&s), Rational::int(1800));
        assert_eq!(s.check(), Check::NoResult);
        assert_eq!(s.amount(), Some(Range::point(Rational::int(1800))));
    }

    #[test]
    fn seed_rate_group_with_total() {
        let text =
            "组建专班，劳务派遣1人参与工作4个月，每月工资2000，伙食费600，共计10400；印刷报告及相关素材共1000份9600元";
        let rd = read(text);
        assert_eq!(rd.statements.len(), 1, "{:#?}", rd.statements);
        let s = &rd.statements[0];
        assert_eq!(s.kind, Kind::Rates);
        assert_eq!(yuan(s), Rational::int(10400));
        assert_eq!(s.check(), Check::Consistent);
        assert!(s.assumed_unit);
        let standalone: Vec<&str> = rd.standalone_money().map(|n| n.text.as_str()).collect();
        assert_eq!(standalone, ["9600元"]);
    }

    #[test]
    fn seed_texts_without_arithmetic() {
        for text in [
            "1个课题，其中参加人员3人，劳务费4万，调查问卷1万，资料印刷费0.5万，资料收集费1万",
            "全年开展机关党委、两个党支部工作经费2万元，结对帮扶共建社区2个，共4万元",
            "印刷共1.3万元",
            "17.5",
            "征订《长江日报》、《经济日报》、《湖北日报》、《人民日报》、《光明日报》等40份，征订《秘书工作》、《中共中央办公通讯》、《保密工作》、《新周刊》、《看天下》等50份。",
            "1、精准扶贫经费420万元，精准扶贫经费420万元中，其中120万拨付到全区37个行政事业单位（其中三个单位6万元，其余每单位3万元的标准），另300万元，由区乡村振兴办公室以每村15万元（20个贫困村）的标准拨付到两个街道集中使用；",
            "2021年1-7月执行情况68.9万元。",
            "预算执行率97%-100%",
            "24小时人员值班值守盒饭、洗漱等物资",
        ] {
            let rd = read(text);
            assert!(rd.statements.is_empty(), "{text}: {:#?}", rd.statements);
        }
        let money: Vec<String> = read("劳务费4万，调查问卷1万，资料印刷费0.5万，资料收集费1万")
            .standalone_money()
            .map(|n| n.text.clone())
            .collect();
        assert_eq!(money, ["4万", "1万", "0.5万", "1万"]);
    }

    // ---- Operators, units and results --------------------------------------------

    #[test]
    fn operator_spellings() {
        for text in [
            "5元*30份=150元",
            "5元x30份=150元",
            "5元X30份=150元",
            "5元＊30份=150元",
            "5元 × 30份 ＝ 150元",
            "５元×３０份＝１５０元",
        ] {
            let s = only(text);
            assert_eq!(yuan(&s), Rational::int(150), "{text}");
            assert_eq!(s.check(), Check::Consistent, "{text}");
        }
    }

    #[test]
    fn precedence_parentheses_and_division() {
        assert_eq!(yuan(&only("(2000+600)×4=10400")), Rational::int(10400));
        assert_eq!(yuan(&only("（2000元＋600元）×4个月＝10400元")), Rational::int(10400));
        assert_eq!(yuan(&only("2000+600×4=4400")), Rational::int(4400));
        assert_eq!(yuan(&only("12000元÷12月=1000元")), Rational::int(1000));
        assert_eq!(yuan(&only("12000元/12=1000元")), Rational::int(1000));
        assert_eq!(yuan(&only("10000元-2000元=8000元")), Rational::int(8000));
        assert_eq!(only("1/3=0.33").check(), Check::Consistent);
    }

    #[test]
    fn common_spellings_of_a_basis() {
        for (text, yuan_value) in [
            ("会议费：50人×2天×350元/人·天=3.5万元", 35000),
            ("差旅费：5人×3次×2000元/人次=3万元", 30000),
            ("办公费2000元/月*12个月=2.4万元", 24000),
            ("物业费5.5元/平方米/月×1200平方米×12个月=79200元", 79200),
            ("租车费4000元/天×10天＝4万元", 40000),
            ("印刷费：0.5万元×2批=1万元", 10000),
            ("合计：3+2+1=6万元", 60000),
            ("(300+200)元/人×10人=5000元", 5000),
            ("2人*1200元/月*12月=28800元", 28800),
        ] {
            let s = only(text);
            assert_eq!(s.computed_base(), Some(Rational::int(yuan_value)), "{text}");
            assert_eq!(s.check(), Check::Consistent, "{text}");
        }
        // A total after a comma is the result.
        assert_eq!(only("按1.5万元/人×4人计算，共6万元").check(), Check::Consistent);
        assert_eq!(only("按1.5万元/人×4人计算，共8万元").check(), Check::Wrong);
        // No result: a product to compare with the line amount.
        let s = only("按1.5万元/人×4人计算");
        assert_eq!(s.check(), Check::NoResult);
        assert_eq!(s.amount(), Some(Range::point(Rational::int(60000))));
    }

    #[test]
    fn sums_lift_bare_numbers_to_the_money_unit() {
        let s = only("劳务费4万+1=5万元");
        assert_eq!(yuan(&s), Rational::int(50000));
        assert_eq!(s.check(), Check::Consistent);
    }

    #[test]
    fn a_bare_expression_takes_the_result_unit() {
        let s = only("2000×4=8000元");
        assert_eq!(s.computed.money, None);
        assert_eq!(s.computed_base(), Some(Rational::int(8000)));
        assert_eq!(s.check(), Check::Consistent);
        assert_eq!(s.amount(), Some(Range::printed(Rational::int(8000), 0).unwrap()));
    }

    #[test]
    fn money_results_in_other_units() {
        assert_eq!(only("40元×6人×365天=8.76万元").check(), Check::Consistent);
        assert_eq!(only("0.5万元×3=15000元").check(), Check::Consistent);
        assert_eq!(only("3千元×4=1.2万元").check(), Check::Consistent);
    }

    #[test]
    fn wrong_results() {
        let s = only("2080元/人/月×14人×12月=394440元");
        assert_eq!(s.check(), Check::Wrong);
        assert_eq!(s.show_computed(None), "349440元（34.944万元）");
        assert_eq!(only("40元×6人×365天=8.7万元").check(), Check::Wrong);
        assert_eq!(only("40元×6人×365天=9万元").check(), Check::Consistent, "9万 stands for [8.5, 9.5] 万");
        assert_eq!(only("40元×6人×365天=8万元").check(), Check::Wrong);
        assert_eq!(only("2000+600，共计2700").check(), Check::Wrong);
        assert_eq!(only("2000+600共计2600元").check(), Check::Consistent);
    }

    #[test]
    fn unit_slips() {
        assert_eq!(only("40元×6人×365天=87600万元").check(), Check::UnitSlip { exp: 4 });
        assert_eq!(only("2080元/人/月×14人×12月=34.944元").check(), Check::UnitSlip { exp: -4 });
        // Without a money unit on both sides no slip can be told.
        assert_eq!(only("40×6×365=87600万元").check(), Check::Consistent);
    }

    #[test]
    fn chained_equalities() {
        let rd = read("2080×14=29120×12=349440元");
        assert_eq!(rd.statements.len(), 2, "{:#?}", rd.statements);
        assert!(rd.statements[0].intermediate);
        assert!(!rd.statements[1].intermediate);
        assert!(rd.statements.iter().all(|s| s.check() == Check::Consistent));
        assert_eq!(rd.money_statements().count(), 1);
    }

    #[test]
    fn products_without_result_and_money_times_money() {
        let s = only("每人每天40元，40元×6人×365天");
        assert_eq!(s.check(), Check::NoResult);
        assert_eq!(s.amount(), Some(Range::point(Rational::int(87600))));
        assert!(read("5元×5元=25元").statements.is_empty(), "money × money is not a 测算依据");
        // A product of counts is no amount of money.
        assert_eq!(read("7×24小时值班").money_statements().count(), 0);
    }

    #[test]
    fn counts_with_a_money_total_leave_the_rate_out() {
        let s = only("3人×2天，共600元");
        assert_eq!(s.check(), Check::NoResult);
        assert_eq!(s.amount(), Range::printed(Rational::int(600), 0), "it stands for its stated total");
        assert_eq!(only("100×3人×2天=600元").check(), Check::Consistent);
        assert_eq!(only("100×3人×2天=700元").check(), Check::Wrong);
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(yuan(&only("1,500元/人×14人=21,000元")), Rational::int(21000));
    }

    #[test]
    fn rate_readings_need_a_resolved_per_unit() {
        // 每人 without a number of people: nothing is computed.
        assert!(read("每人每月500元").statements.is_empty());
        // 每月 with no total and no chain: the year is not assumed.
        assert!(read("按每月2000元标准发放").statements.is_empty());
        // Both per-units given.
        let s = only("工作人员3人，每人每月补助500元，共计18000元");
        assert_eq!(yuan(&s), Rational::int(18000));
        // A total the reading does not reach is not read at all.
        assert!(read("劳务派遣1人参与工作4个月，每月工资2000，伙食费600，共计12000").statements.is_empty());
        // A chain with its total.
        let s = only("每季度编印1期，每期100份，每份8元，全年共计3200元");
        assert_eq!(s.check(), Check::Consistent);
    }

    #[test]
    fn dates_ranges_and_plain_prose_are_not_arithmetic() {
        for text in
            ["2020年预算69万元，中期调整为61万元", "截止2021年7月31日", "1-7月", "97%-100%", "≥3600次", "G20峰会"]
        {
            assert!(read(text).statements.is_empty(), "{text}");
        }
    }
}
