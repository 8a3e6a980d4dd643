namespace EdgeNano.Board
{
    /// <summary>The internal resistor an input pin is opened with.</summary>
    public static class PullMode
    {
        /// <summary>No internal resistor (an external one, or a driven signal).</summary>
        public const int None = 0;
        /// <summary>Internal pull-up: the pin reads high when nothing drives it.</summary>
        public const int Up = 1;
        /// <summary>Internal pull-down: the pin reads low when nothing drives it.</summary>
        public const int Down = 2;

        /// <summary>The board-file word for a pull mode.</summary>
        public static string Name(int pull)
        {
            switch (pull)
            {
                case Up: return "up";
                case Down: return "down";
                default: return "none";
            }
        }

        /// <summary>The pull mode a board-file word names, or -1.</summary>
        public static int Parse(string word)
        {
            if (word == "none") return None;
            if (word == "up") return Up;
            if (word == "down") return Down;
            return -1;
        }
    }
}
