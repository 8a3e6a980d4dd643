using EdgeNano.DeviceTests.Support;
using EdgeNano.DeviceTwin;
using nanoFramework.TestFramework;

namespace EdgeNano.DeviceTests.Twin
{
    /// <summary>
    /// KubeEdge's version pairs {cloud, edge}: an edge change bumps the edge counter of its own
    /// pair; a cloud sync is refused when local.cloud &gt; request.cloud or local.edge &gt;
    /// request.edge, else the local pair becomes the request's pair and the value is taken.
    /// </summary>
    [TestClass]
    public class TwinVersionTests
    {
        private const string Taken = "";

        /// <summary>A twin whose "target" has expected and actual "old", both at the given pair.</summary>
        private static TwinBench TwinAt(int cloud, int edge)
        {
            TwinBench twin = new TwinBench();
            Assert.AreEqual(TwinStatus.Ok, twin.SyncExpected("target", "old", cloud, edge).Status);
            Assert.AreEqual(TwinStatus.Ok, twin.SyncActual("target", "old", cloud, edge).Status);
            return twin;
        }

        [TestMethod]
        [DataRow(0, 0, 0, 0, Taken)]
        [DataRow(0, 0, 1, 0, Taken)]
        [DataRow(2, 3, 2, 3, Taken)]
        [DataRow(2, 3, 5, 3, Taken)]
        [DataRow(2, 3, 2, 9, Taken)]
        [DataRow(2, 3, 7, 8, Taken)]
        [DataRow(2, 3, 1, 3, TwinReasons.CloudVersionOlder)]
        [DataRow(2, 3, 1, 9, TwinReasons.CloudVersionOlder)]
        [DataRow(2, 3, 2, 2, TwinReasons.EdgeVersionConflict)]
        [DataRow(2, 3, 9, 0, TwinReasons.EdgeVersionConflict)]
        [DataRow(2, 3, 0, 0, TwinReasons.CloudVersionOlder)]
        public void A_cloud_sync_of_expected_follows_the_version_rule(int localCloud, int localEdge, int cloud, int edge, string refusal)
        {
            TwinBench twin = TwinAt(localCloud, localEdge);

            TwinResult result = twin.SyncExpected("target", "new", cloud, edge);

            Assert.AreEqual(TwinStatus.Ok, result.Status, "a refused property is reported in the result, not as an error");
            Assert.AreEqual(1, result.Count);
            if (refusal == Taken)
            {
                Assert.IsTrue(result.Has(0, TwinResult.ExpectedChanged));
                Assert.AreEqual("new", twin.Expected("target"));
                Assert.AreEqual(cloud.ToString() + "/" + edge.ToString(), twin.ExpectedVersion("target"));
            }
            else
            {
                Assert.IsTrue(result.Has(0, TwinResult.Rejected));
                Assert.AreEqual(refusal, result.RejectReason(0));
                Assert.AreEqual("old", twin.Expected("target"));
                Assert.AreEqual(localCloud.ToString() + "/" + localEdge.ToString(), twin.ExpectedVersion("target"));
            }
        }

        [TestMethod]
        [DataRow(3, 3, 4, 3, Taken)]
        [DataRow(3, 3, 2, 3, TwinReasons.CloudVersionOlder)]
        [DataRow(3, 3, 3, 2, TwinReasons.EdgeVersionConflict)]
        public void A_cloud_sync_of_actual_follows_the_same_rule_with_its_own_pair(int localCloud, int localEdge, int cloud, int edge, string refusal)
        {
            TwinBench twin = TwinAt(localCloud, localEdge);

            TwinResult result = twin.SyncActual("target", "new", cloud, edge);

            Assert.AreEqual(refusal == Taken ? "new" : "old", twin.Actual("target"));
            Assert.AreEqual(refusal != Taken, result.Has(0, TwinResult.Rejected));
            Assert.AreEqual(localCloud.ToString() + "/" + localEdge.ToString(), twin.ExpectedVersion("target"), "the expected pair is untouched");
        }

        [TestMethod]
        public void A_cloud_sync_without_a_version_is_refused()
        {
            TwinBench twin = TwinAt(1, 1);

            TwinResult result = twin.SyncExpectedWithoutVersion("target", "new");

            Assert.IsTrue(result.Has(0, TwinResult.Rejected));
            Assert.AreEqual(TwinReasons.VersionMissing, result.RejectReason(0));
            Assert.AreEqual("old", twin.Expected("target"));
        }

        [TestMethod]
        public void Each_edge_change_bumps_the_edge_counter_of_its_own_pair_only()
        {
            TwinBench twin = new TwinBench();
            twin.Edge("level", null, "1", "int");
            twin.EdgeActual("level", "2");
            twin.Edge("level", "5", null, null);
            twin.Edge("level", "6", "3", null);

            Assert.AreEqual("0/3", twin.ActualVersion("level"));
            Assert.AreEqual("0/2", twin.ExpectedVersion("level"));
        }

        [TestMethod]
        public void An_edge_change_must_be_acknowledged_before_the_cloud_can_overwrite_it()
        {
            TwinBench twin = TwinAt(1, 0);
            twin.Edge("target", "edge-set", null, null);

            TwinResult stale = twin.SyncExpected("target", "cloud-set", 2, 0);
            Assert.AreEqual(TwinReasons.EdgeVersionConflict, stale.RejectReason(0));
            Assert.AreEqual("edge-set", twin.Expected("target"));

            TwinResult acknowledged = twin.SyncExpected("target", "cloud-set", 2, 1);
            Assert.IsTrue(acknowledged.Has(0, TwinResult.ExpectedChanged));
            Assert.AreEqual("cloud-set", twin.Expected("target"));
            Assert.AreEqual("2/1", twin.ExpectedVersion("target"));
        }
    }
}
