use crate::primitives::string_enum;
string_enum! {
    /// Which of a channel's chats a public API call is about: `ChatType` of the message
    /// history query, the message form, typing and the event stream (`public-api.md` §5,
    /// §3.9).
    ///
    /// ```
    /// use iqchannels_proto::ChatType;
    ///
    /// assert_eq!(ChatType::from("personal_manager"), ChatType::PersonalManager);
    /// assert_eq!(ChatType::from("group").as_str(), "group"); // kept verbatim
    /// ```
    pub enum ChatType {
        /// `"regular"`: the channel's ordinary chat, every SDK's default.
        Regular = "regular",
        /// `"personal_manager"`: the chat with the client's personal manager.
        PersonalManager = "personal_manager",
        /// `"info"`: an informational, read-only channel (the Android SDK only, §4.4).
        Info = "info",
    }
}
