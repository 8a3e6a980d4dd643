namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// Result codes of twin operations: KubeEdge's own (dtcommon) so a result can be sent as an
    /// error payload {code, reason} unchanged.
    /// </summary>
    public static class TwinStatus
    {
        /// <summary>Done (possibly with nothing changed: see TwinResult.NoChange).</summary>
        public const int Ok = 200;
        /// <summary>The request breaks a twin rule; nothing was applied.</summary>
        public const int BadRequest = 400;
        /// <summary>No such device on this board.</summary>
        public const int NotFound = 404;
        /// <summary>The board ran out of room (table or value storage); nothing was applied.</summary>
        public const int InternalError = 500;
    }

    /// <summary>
    /// Reasons for error results. Wording follows edgecore's (dttype, dtcommon, dtmanager) where
    /// edgecore has a message for the case, so clients that match on it keep working.
    /// </summary>
    public static class TwinReasons
    {
        public const string BadKey = "The key of twin must only include upper or lowercase letters, number, english, and special letter - _ . , : / @ # and the length of key should be less than 128 bytes";
        public const string BadValue = "The value of twin must only include upper or lowercase letters, number, english, and special letter - _ . , : / @ # and the length of value should be less than 512 bytes";
        public const string NotInt = "the value is not int or integer";
        public const string NotFloat = "the value is not float";
        public const string NotBoolean = "the bool value must be true or false";
        public const string TypeNotAllowed = "the value type is not allowed";
        public const string DeviceMissing = "update rejected due to the device is not existed";
        public const string NoTwin = "Update twin error, key:twin does not exist";
        /// <summary>edgecore's answer to a delete (null) of a key it does not have.</summary>
        public const string BodyWrong = "the request body is wrong";
        // EdgeNano's own cases (edgecore has no wording for them).
        public const string NotOptional = "the twin property is not optional and cannot be deleted";
        public const string DuplicateKey = "the update names the same twin property twice";
        public const string TooManyProperties = "no room for another twin property on this device";
        public const string StorageFull = "no room left in the twin value storage";
        public const string TooManyChanges = "the update changes more twin properties than a device can have";
        public const string Reentrant = "the twin cannot be changed from inside a twin listener; queue the change";
        // Version outcomes of a cloud sync (edgecore's dealVersion wording).
        public const string VersionMissing = "version not allowed be nil while syncing";
        public const string CloudVersionOlder = "version not allowed";
        public const string EdgeVersionConflict = "not allowed to sync due to version conflict";
    }
}
