use crate::primitives::string_enum;
string_enum! {
    /// Who acted: the author of a message, the uploader of a file.
    ///
    /// ```
    /// use iqchannels_proto::ActorType;
    ///
    /// assert_eq!(ActorType::from("user"), ActorType::User);
    /// assert_eq!(ActorType::from(""), ActorType::Anonymous);
    /// assert_eq!(ActorType::from("robot").as_str(), "robot"); // kept verbatim
    /// ```
    pub enum ActorType {
        /// `""`: nobody identified.
        Anonymous = "",
        /// `"client"`: a [`Client`](crate::Client), the customer side.
        Client = "client",
        /// `"user"`: a [`User`](crate::User), an operator or a service account.
        User = "user",
        /// `"system"`: the server itself.
        System = "system",
    }
}
