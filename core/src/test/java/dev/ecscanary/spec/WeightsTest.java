package dev.ecscanary.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WeightsTest {

    @ParameterizedTest(name = "{0}% green is blue {1} / green {2}")
    @CsvSource({"0,100,0", "10,90,10", "25,75,25", "50,50,50", "100,0,100", "1,99,1"})
    void wholePercentagesAreExactAndReadable(double percent, int blue, int green) {
        assertThat(Weights.forGreenPercent(percent)).isEqualTo(new Weights(blue, green));
    }

    @ParameterizedTest(name = "{0}% green is the ratio {1}:{2}")
    @CsvSource({"12.5,7,1", "33.3333333,2,1", "0.5,199,1", "99.5,1,199"})
    void otherPercentagesTakeTheClosestRatioOfSmallestWeights(double percent, int blue, int green) {
        assertThat(Weights.forGreenPercent(percent)).isEqualTo(new Weights(blue, green));
    }

    @Test
    void theEffectivePercentageIsWhatTheWeightsGive() {
        assertThat(Weights.forGreenPercent(0.3).greenPercent()).isCloseTo(1.0 / 256 * 100, within(1e-9));
        assertThat(Weights.forGreenPercent(0.1).greenPercent()).isZero();
        assertThat(Weights.forGreenPercent(33.3333333).greenPercent()).isCloseTo(33.33, within(0.01));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1, 100.01, Double.NaN})
    void percentagesOutsideZeroToHundredAreRefused(double percent) {
        assertThatThrownBy(() -> Weights.forGreenPercent(percent)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..100");
    }

    @Test
    void allZeroWeightsAreNeverRepresentable() {
        assertThatThrownBy(() -> new Weights(0, 0)).hasMessageContaining("split traffic equally");
    }

    @Test
    void weightsAboveRoute53sMaximumAreRefused() {
        assertThatThrownBy(() -> new Weights(256, 0)).hasMessageContaining("0..255");
    }

    @ParameterizedTest(name = "{0}% is expressed: {1}")
    @CsvSource({"10,true", "0.5,true", "33.33,true", "0.45,true", "99.5,true", "0.2,false", "0.1,false", "99.9,false"})
    void aShareIsExpressedOnlyWhenItsWeightsGiveItWithinFivePercentOfTheSmallerSide(double percent, boolean expressed) {
        assertThat(Weights.forGreenPercent(percent).express(percent)).isEqualTo(expressed);
    }
}
