//! Values crossing the engine boundary. SQLite's five storage classes are the common model:
//! a parameter says which class it is, a column converts from whichever class the engine
//! returned (PostgreSQL's `int4`, `numeric` or `bool` included).

/// An owned value, for statements whose parameters are built at run time.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// A borrowed value, as bound or as read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ValueRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

impl Value {
    pub fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Value::Null => ValueRef::Null,
            Value::Integer(v) => ValueRef::Integer(*v),
            Value::Real(v) => ValueRef::Real(*v),
            Value::Text(v) => ValueRef::Text(v),
            Value::Blob(v) => ValueRef::Blob(v),
        }
    }
}

impl From<ValueRef<'_>> for Value {
    fn from(v: ValueRef<'_>) -> Self {
        match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(v) => Value::Integer(v),
            ValueRef::Real(v) => Value::Real(v),
            ValueRef::Text(v) => Value::Text(v.to_owned()),
            ValueRef::Blob(v) => Value::Blob(v.to_owned()),
        }
    }
}

/// Something bound to a statement parameter.
pub trait Param {
    fn value(&self) -> ValueRef<'_>;
}

macro_rules! int_param {
    ($($t:ty),*) => {$(
        impl Param for $t {
            fn value(&self) -> ValueRef<'_> {
                ValueRef::Integer(*self as i64)
            }
        }
    )*};
}
int_param!(i64, i32, i16, u32, u16, u8, usize, u64);

impl Param for bool {
    fn value(&self) -> ValueRef<'_> {
        ValueRef::Integer(*self as i64)
    }
}

impl Param for f64 {
    fn value(&self) -> ValueRef<'_> {
        ValueRef::Real(*self)
    }
}

impl Param for str {
    fn value(&self) -> ValueRef<'_> {
        ValueRef::Text(self)
    }
}

impl Param for String {
    fn value(&self) -> ValueRef<'_> {
        ValueRef::Text(self)
    }
}

impl Param for [u8] {
    fn value(&self) -> ValueRef<'_> {
        ValueRef::Blob(self)
    }
}

impl Param for Vec<u8> {
    fn value(&self) -> ValueRef<'_> {
        ValueRef::Blob(self)
    }
}

impl Param for Value {
    fn value(&self) -> ValueRef<'_> {
        self.as_ref()
    }
}

impl<T: Param + ?Sized> Param for &T {
    fn value(&self) -> ValueRef<'_> {
        (**self).value()
    }
}

impl<T: Param> Param for Option<T> {
    fn value(&self) -> ValueRef<'_> {
        match self {
            Some(v) => v.value(),
            None => ValueRef::Null,
        }
    }
}

/// The parameters of one statement: `[]`, `[a, b]` of one type, `params![a, b]` of several,
/// or a slice of [`Value`]s built at run time.
pub trait Params {
    fn list(&self) -> Vec<ValueRef<'_>>;
}

impl Params for [&dyn Param; 0] {
    fn list(&self) -> Vec<ValueRef<'_>> {
        Vec::new()
    }
}

impl Params for &[&dyn Param] {
    fn list(&self) -> Vec<ValueRef<'_>> {
        self.iter().map(|p| p.value()).collect()
    }
}

impl Params for &[Value] {
    fn list(&self) -> Vec<ValueRef<'_>> {
        self.iter().map(Value::as_ref).collect()
    }
}

impl Params for &Vec<Value> {
    fn list(&self) -> Vec<ValueRef<'_>> {
        self.iter().map(Value::as_ref).collect()
    }
}

impl Params for Vec<Value> {
    fn list(&self) -> Vec<ValueRef<'_>> {
        self.iter().map(Value::as_ref).collect()
    }
}

/// Parameters collected from an iterator (a filter's values built at run time).
pub fn params_from_iter<I>(iter: I) -> Vec<Value>
where
    I: IntoIterator,
    I::Item: Param,
{
    iter.into_iter().map(|p| p.value().into()).collect()
}

macro_rules! array_params {
    ($($n:literal),*) => {$(
        impl<T: Param> Params for [T; $n] {
            fn list(&self) -> Vec<ValueRef<'_>> {
                self.iter().map(|p| p.value()).collect()
            }
        }
    )*};
}
array_params!(1, 2, 3, 4, 5, 6, 7, 8);

/// A Rust value read from a column. Conversions are strict where meaning could be lost (text
/// is never read as a number), lenient where engines differ in type only (an integral
/// `numeric` sum reads as an integer, `0`/`1` or a boolean as `bool`).
pub trait FromColumn: Sized {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String>;
}

fn mismatch(want: &str, got: ValueRef<'_>) -> String {
    let got = match got {
        ValueRef::Null => "NULL",
        ValueRef::Integer(_) => "integer",
        ValueRef::Real(_) => "real",
        ValueRef::Text(_) => "text",
        ValueRef::Blob(_) => "blob",
    };
    format!("expected {want}, found {got}")
}

impl FromColumn for i64 {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Integer(i) => Ok(i),
            ValueRef::Real(r) if r.fract() == 0.0 && r.abs() < 9.0e15 => Ok(r as i64),
            other => Err(mismatch("integer", other)),
        }
    }
}

macro_rules! narrow_int {
    ($($t:ty),*) => {$(
        impl FromColumn for $t {
            fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
                let wide = i64::from_value(v)?;
                <$t>::try_from(wide).map_err(|_| format!("{wide} out of range"))
            }
        }
    )*};
}
narrow_int!(i32, u32, u64, usize, u16, u8);

impl FromColumn for f64 {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Integer(i) => Ok(i as f64),
            ValueRef::Real(r) => Ok(r),
            other => Err(mismatch("real", other)),
        }
    }
}

impl FromColumn for bool {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        Ok(i64::from_value(v)? != 0)
    }
}

impl FromColumn for String {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Text(t) => Ok(t.to_owned()),
            other => Err(mismatch("text", other)),
        }
    }
}

impl FromColumn for Vec<u8> {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Blob(b) => Ok(b.to_owned()),
            other => Err(mismatch("blob", other)),
        }
    }
}

impl FromColumn for Value {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        Ok(v.into())
    }
}

impl<T: FromColumn> FromColumn for Option<T> {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_convert_where_engines_differ_only_in_type() {
        assert_eq!(i64::from_value(ValueRef::Real(42.0)), Ok(42));
        assert!(i64::from_value(ValueRef::Real(4.5)).is_err());
        assert!(i64::from_value(ValueRef::Text("42")).is_err());
        assert_eq!(bool::from_value(ValueRef::Integer(1)), Ok(true));
        assert_eq!(Option::<String>::from_value(ValueRef::Null), Ok(None));
        assert!(u32::from_value(ValueRef::Integer(-1)).is_err());
    }
}
