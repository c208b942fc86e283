import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;

/**
 * Draws the ModelBench icon (a small three-layer network on a blue tile) at the sizes the app and the
 * installers need. Run from the repository root: java installers/icons/MakeIcon.java
 */
public class MakeIcon {
    public static void main(String[] args) throws Exception {
        for (int size : new int[] {16, 32, 48, 64, 128, 256, 512}) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.scale(size / 256.0, size / 256.0);
            g.setPaint(new GradientPaint(0, 0, new Color(0x3B82F6), 256, 256, new Color(0x1E3A8A)));
            g.fill(new RoundRectangle2D.Double(8, 8, 240, 240, 56, 56));
            double[][] layers = {{64, 88, 168}, {128, 64, 128, 192}, {192, 104, 152}};
            g.setStroke(new BasicStroke(6f));
            g.setColor(new Color(255, 255, 255, 150));
            for (int l = 0; l + 1 < layers.length; l++) {
                for (int a = 1; a < layers[l].length; a++) {
                    for (int b = 1; b < layers[l + 1].length; b++) {
                        g.draw(new Line2D.Double(layers[l][0], layers[l][a], layers[l + 1][0], layers[l + 1][b]));
                    }
                }
            }
            for (double[] layer : layers) {
                for (int n = 1; n < layer.length; n++) {
                    g.setColor(Color.WHITE);
                    g.fill(new Ellipse2D.Double(layer[0] - 20, layer[n] - 20, 40, 40));
                    g.setColor(new Color(0xF59E0B));
                    g.fill(new Ellipse2D.Double(layer[0] - 11, layer[n] - 11, 22, 22));
                }
            }
            g.dispose();
            File out = new File("ui-resources/src/main/resources/io/modelbench/desktop/icons/modelbench-" + size + ".png");
            out.getParentFile().mkdirs();
            ImageIO.write(img, "png", out);
        }
    }
}
