package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.server.StatusSnapshot.FileStatus;
import io.github.devpigiteasync.server.StatusSnapshot.MappingStatus;
import io.github.devpigiteasync.server.view.DashboardRenderer;
import io.github.devpigiteasync.server.view.DashboardView;
import io.github.devpigiteasync.server.view.DashboardView.FileRowView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardRendererTest {

  private static StatusSnapshot snapshot(int files) {
    List<FileStatus> list = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      String project = "pkg" + (i / 10);
      String version = "1." + (i % 10 / 5);
      list.add(
          new FileStatus(
              project, version, project + "-" + version + "-" + i + ".whl", "present", "", 0));
    }
    MappingStatus web =
        new MappingStatus(
            "web",
            "acme",
            "acme/prod",
            "default",
            "Forgejo 15.0.3",
            "ok",
            0,
            0,
            List.of(),
            null,
            null,
            null,
            list.size(),
            list);
    return new StatusSnapshot(
        "1.0", Fixtures.T0, Fixtures.T0, false, true, false, null, null, List.of(web), List.of());
  }

  @Test
  void fileRowsArePagedAndThePagerLinksNeighbours() {
    DashboardView page2 = DashboardRenderer.view(snapshot(450), 2, "n");

    assertThat(page2.files()).hasSize(DashboardRenderer.PAGE_SIZE);
    assertThat(page2.files().get(0).filename()).isEqualTo("pkg20-1.0-200.whl");
    assertThat(page2.filesSummary()).isEqualTo("Files 201–400 of 450 (page 2 of 3)");
    assertThat(page2.hasPrevious()).isTrue();
    assertThat(page2.previousPage()).isEqualTo("?page=1");
    assertThat(page2.hasNext()).isTrue();
    assertThat(page2.nextPage()).isEqualTo("?page=3");
    DashboardView last = DashboardRenderer.view(snapshot(450), 3, "n");
    assertThat(last.files()).hasSize(50);
    assertThat(last.hasNext()).isFalse();
  }

  @Test
  void repeatedPackageAndVersionCellsAreLeftEmpty() {
    List<FileRowView> rows = DashboardRenderer.view(snapshot(10), 1, "n").files();

    assertThat(rows.get(0).mapping()).isEqualTo("web");
    assertThat(rows.get(0).project()).isEqualTo("pkg0");
    assertThat(rows.get(0).version()).isEqualTo("1.0");
    assertThat(rows.get(1).project()).isEmpty();
    assertThat(rows.get(1).version()).isEmpty();
    assertThat(rows.get(5).project()).isEmpty();
    assertThat(rows.get(5).version()).isEqualTo("1.1");
  }

  @Test
  void mappingRowNamesTheDetectedSource() {
    DashboardView view = DashboardRenderer.view(snapshot(0), 1, "n");

    assertThat(view.mappings().get(0).source()).isEqualTo("Forgejo 15.0.3");
  }

  @Test
  void emptyDashboardSaysSo() {
    DashboardView view = DashboardRenderer.view(snapshot(0), 1, "n");

    assertThat(view.filesSummary()).isEqualTo("No files known yet.");
    assertThat(view.nextRun()).isEqualTo("—");
    assertThat(view.chart().empty()).isTrue();
  }

  @Test
  void tenThousandFilesRenderQuickly() {
    DashboardRenderer renderer = new DashboardRenderer();
    StatusSnapshot big = snapshot(10_000);
    renderer.render(big, 1, "warm-up");

    long before = System.nanoTime();
    String html = renderer.render(big, 50, "n");
    long millis = (System.nanoTime() - before) / 1_000_000;

    assertThat(html).contains("Files 9801–10000 of 10000");
    // generous bound for a shared 2-core machine; the target is milliseconds
    assertThat(millis).isLessThan(1000);
  }
}
