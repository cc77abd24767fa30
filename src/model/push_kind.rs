use crate::primitives::string_enum;
string_enum! {
    /// The push service a device token belongs to: the last path segment but one of
    /// `push/channel/<kind>/:channel` (`public-api.md` §3.7, §5 "Push kinds").
    ///
    /// ```
    /// use iqchannels_proto::PushKind;
    ///
    /// assert_eq!(PushKind::Fcm.as_str(), "fcm");
    /// ```
    pub enum PushKind {
        /// `"apns"`: Apple Push Notification service (the iOS SDK; the widget in a web view).
        Apns = "apns",
        /// `"fcm"`: Firebase Cloud Messaging (the Android SDK, the widget).
        Fcm = "fcm",
        /// `"hcm"`: Huawei's push kit (the Android SDK on Huawei devices).
        Hcm = "hcm",
    }
}
