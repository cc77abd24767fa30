use crate::primitives::string_enum;
string_enum! {
    /// What kind of channel the public API presents: `MultiChatsInfo.ChannelType` and
    /// `GreetingSettings.ChannelType` (`public-api.md` §5 "Channel kind"). Not the chat API's
    /// [`ChannelType`](crate::ChannelType), which says where a channel's messages come from.
    ///
    /// ```
    /// use iqchannels_proto::ChannelKind;
    ///
    /// assert_eq!(ChannelKind::from("info"), ChannelKind::Info);
    /// assert_eq!(ChannelKind::default().as_str(), "");
    /// ```
    pub enum ChannelKind {
        /// `"info"`: an informational channel: read-only, guarded by a
        /// [`Blocker`](crate::Blocker); the Android SDK then uses chat type `info`.
        Info = "info",
    }
}
