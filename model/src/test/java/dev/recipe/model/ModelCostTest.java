package dev.recipe.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ModelCostTest {
  @Test
  void resnet50At224MatchesTorchvisionsPublishedFigure() {
    // torchvision lists 4.089 GFLOPS (multiply-adds) for ResNet50_Weights.IMAGENET1K_V1.
    long macs = ModelCost.multiplyAdds(ResNetConfig.torchvision(50, 1000), 224, 224);
    assertEquals(4.089, macs / 1e9, 0.0005);
  }

  @Test
  void resnet18At224MatchesTorchvisionsPublishedFigure() {
    // torchvision lists 1.814 GFLOPS for ResNet18_Weights.IMAGENET1K_V1.
    long macs = ModelCost.multiplyAdds(ResNetConfig.torchvision(18, 1000), 224, 224);
    assertEquals(1.814, macs / 1e9, 0.0005);
  }
}
