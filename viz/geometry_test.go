package viz

import "testing"

func TestTensorGeometryGolden(t *testing.T) {
	checkGolden(t, "tensor_geometry", TensorGeometry())
}
