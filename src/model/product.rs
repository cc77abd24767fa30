use crate::primitives::string_enum;
use iqchannels_proto_macros::wire;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::primitives::ProductId;

string_enum! {
    /// What a [`Product`] offers: `Product.Type` (`public-api.md` §4.9, §5 "Product").
    pub enum ProductType {
        /// `"product"`: a product; any other value is shown as a service.
        Product = "product",
    }
}

string_enum! {
    /// Whether a [`Product`] is paid for: `Product.PeriodicPayment` (`public-api.md` §5).
    pub enum PeriodicPayment {
        /// `"free"`: no charge; any other value is a charge.
        Free = "free",
    }
}

string_enum! {
    /// The period a [`Product`]'s price is charged for: `Product.PeriodicPaymentType`
    /// (`public-api.md` §5).
    pub enum PeriodicPaymentType {
        /// `"day"`.
        Day = "day",
        /// `"week"`.
        Week = "week",
        /// `"month"`.
        Month = "month",
        /// `"year"`.
        Year = "year",
    }
}

/// A price, `Product.PeriodicPaymentPrice`: a JSON number kept as it came. An integer stays
/// an integer and is written back as one (the iOS SDK requires an integer); a number with a
/// fraction or an exponent is an `f64`, read as serde_json reads it and written back as
/// serde_json writes it (the shortest text that reads back as the same `f64`).
///
/// ```
/// use iqchannels_proto::Price;
///
/// let whole: Price = serde_json::from_str("1500")?;
/// assert_eq!(whole.as_i64(), Some(1500));
/// assert_eq!(serde_json::to_string(&whole)?, "1500");
/// let fraction: Price = serde_json::from_str("99.9")?;
/// assert_eq!((fraction.as_i64(), fraction.as_f64()), (None, 99.9));
/// assert_eq!(serde_json::to_string(&fraction)?, "99.9");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Price(serde_json::Number);

impl Price {
    /// A whole price.
    pub fn from_i64(price: i64) -> Self {
        Self(price.into())
    }

    /// A price with a fraction; `None` for an infinite or NaN value, which JSON cannot
    /// carry.
    pub fn from_f64(price: f64) -> Option<Self> {
        serde_json::Number::from_f64(price).map(Self)
    }

    /// The price, if it is an integer that fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.as_i64()
    }

    /// The price as an `f64` (rounded, for an integer beyond 2^53).
    pub fn as_f64(&self) -> f64 {
        self.0.as_f64().unwrap_or_default()
    }

    /// Whether the price is zero (the iOS SDK shows a zero price as free).
    pub fn is_zero(&self) -> bool {
        self.as_f64() == 0.0
    }
}

/// `0`, an integer.
impl Default for Price {
    fn default() -> Self {
        Self::from_i64(0)
    }
}

/// As it is written in JSON: `1500`, `99.9`.
impl fmt::Display for Price {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// An integer, or a whole number of hundredths of at most 15 digits (`12.34`): the
/// fractions whose shortest text serde_json reads back as the same `f64` (15 significant
/// digits identify an `f64`, and serde_json reads so few exactly).
#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Price {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        const MAX_CENTS: i64 = 999_999_999_999_999;
        if u.arbitrary::<bool>()? {
            return Ok(Self::from_i64(u.arbitrary()?));
        }
        let cents = u.int_in_range(-MAX_CENTS..=MAX_CENTS)?;
        // `cents` is exact in an `f64` (below 2^53); the division rounds once.
        #[allow(clippy::cast_precision_loss)]
        let price = cents as f64 / 100.0;
        Ok(Self::from_f64(price).unwrap_or_default())
    }
}

/// A product or service offered in a message: `ChatMessage.Product`, shown with accept and
/// decline (`chats/messages/accept_product`, `decline_product`) (`public-api.md` §4.9).
///
/// Every field is written; the iOS SDK requires `Id` and `PeriodicPaymentPrice` (§4.13).
#[wire(new)]
pub struct Product {
    /// `Id`.
    pub id: ProductId,
    /// `Type`: a product, or (any other value) a service.
    #[wire(rename = "Type")]
    pub kind: ProductType,
    /// `PeriodicPayment`: `free`, or a charge.
    pub periodic_payment: PeriodicPayment,
    /// `PeriodicPaymentType`: the period the price is for.
    pub periodic_payment_type: PeriodicPaymentType,
    /// `PeriodicPaymentPrice`: the price per period.
    pub periodic_payment_price: Price,
}
