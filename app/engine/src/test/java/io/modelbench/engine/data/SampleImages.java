package io.modelbench.engine.data;

import io.modelbench.engine.api.TaskProgress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test data: every n-th image of the bundled digits images sample, as a dataset of its own. */
public final class SampleImages {

    private SampleImages() {
    }

    /** Every {@code every}-th image of the digits sample, unpacked under {@code cache}. */
    public static ImageDataset everyNthDigit(Path cache, int every) {
        Path folder = Samples.unpackImages(Samples.find("digits_images"), cache);
        ImageDataset digits = ImageFolders.load(folder, "sample:digits_images", ImageFolders.suggest(folder), TaskProgress.NONE);
        List<ImageDataset.Item> items = new ArrayList<>();
        List<float[]> px = new ArrayList<>();
        for (int i = 0; i < digits.size(); i += every) {
            items.add(digits.items().get(i));
            px.add(digits.pixels()[i]);
        }
        return new ImageDataset(digits.folder(), digits.source(), digits.labels(), items, List.of(),
                px.toArray(new float[0][]), digits.settings(), "sha-of-every-" + every + "th");
    }
}
