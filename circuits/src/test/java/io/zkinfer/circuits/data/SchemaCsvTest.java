package io.zkinfer.circuits.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class SchemaCsvTest {

    private static final Schema S = Schema.parse("""
            {"name": "s", "fields": [
              {"name": "age", "type": "integer", "min": 0, "max": 150},
              {"name": "score", "type": "decimal", "scale": 1, "bits": 8, "signed": true},
              {"name": "ok", "type": "boolean"},
              {"name": "code", "type": "category", "codes": ["a", "b,c"]},
              {"name": "day", "type": "date"}]}""");

    @Test
    void parsesTypesAndEncodes() {
        Dataset d = Dataset.parseCsv("day,age,score,ok,code\n1970-01-02,42,-1.5,yes,\"b,c\"\r\n\n", S);
        assertThat(d.rows()).hasSize(1);
        assertThat(d.row(0)).containsExactly(BigInteger.valueOf(42), BigInteger.valueOf(-15), BigInteger.ONE,
                BigInteger.ONE, BigInteger.ONE);
        assertThat(S.field("score").type().min()).isEqualTo(BigInteger.valueOf(-128));
        assertThat(S.field("age").type().width()).isEqualTo(8);
    }

    @Test
    void tagIsStableAndDependsOnTheSchema() {
        assertThat(Schema.parse(S.toJson()).tag()).isEqualTo(S.tag());
        Schema other = Schema.parse(S.toJson().replace("150", "151"));
        assertThat(other.tag()).isNotEqualTo(S.tag());
        assertThat(TestData.patientSchema().tag()).isNotEqualTo(TestData.applicantSchema().tag());
    }

    @Test
    void valueOutsideDeclaredRangeNamesRowAndColumn() {
        assertThatThrownBy(() -> Dataset.parseCsv("age,score,ok,code,day\n1,0,0,a,2000-01-01\n151,0,0,a,2000-01-01",
                S)).isInstanceOf(DataException.class)
                .hasMessageContaining("row 2, column 'age'").hasMessageContaining("outside the declared range [0, 150]");
        assertThatThrownBy(() -> Dataset.parseCsv("age,score,ok,code,day\n1,12.8,0,a,2000-01-01", S))
                .hasMessageContaining("row 1, column 'score'");
        assertThatThrownBy(() -> Dataset.parseCsv("age,score,ok,code,day\n1,1.25,0,a,2000-01-01", S))
                .hasMessageContaining("more than 1 digits after the decimal point");
        assertThatThrownBy(() -> Dataset.parseCsv("age,score,ok,code,day\n1,1,maybe,a,2000-01-01", S))
                .hasMessageContaining("column 'ok'").hasMessageContaining("not a boolean");
        assertThatThrownBy(() -> Dataset.parseCsv("age,score,ok,code,day\n1,1,0,z,2000-01-01", S))
                .hasMessageContaining("column 'code'").hasMessageContaining("not one of the codes");
        assertThatThrownBy(() -> Dataset.parseCsv("age,score,ok,code,day\n1,1,0,a,2000-13-01", S))
                .hasMessageContaining("column 'day'").hasMessageContaining("not an ISO date");
    }

    @Test
    void schemaMismatchAndMalformedCsv() {
        assertThatThrownBy(() -> Dataset.parseCsv("age,score,ok,code\n1,1,0,a", S))
                .hasMessageContaining("header lacks schema field 'day'");
        assertThatThrownBy(() -> Dataset.parseCsv("age,score,ok,code,day,extra\n", S))
                .hasMessageContaining("'extra' is not a field of schema 's'");
        assertThatThrownBy(() -> Dataset.parseCsv("age,score,ok,code,day\n1,1,0,a", S))
                .hasMessageContaining("row 1").hasMessageContaining("4 cells, the header has 5");
        assertThatThrownBy(() -> Dataset.parseCsv("age,score,ok,code,day\n1,1,0,\"a,2000-01-01\n", S))
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> Dataset.parseCsv("age,score,ok,code,day\n1,1,0,\"a\"x,2000-01-01\n", S))
                .hasMessageContaining("text after a closing double quote");
        assertThatThrownBy(() -> Dataset.parseCsv("", S)).hasMessageContaining("CSV is empty");
    }

    @Test
    void badSchemas() {
        assertThatThrownBy(() -> Schema.parse("{\"name\":\"x\",\"fields\":[{\"name\":\"a\",\"type\":\"float\"}]}"))
                .hasMessageContaining("unknown type 'float'");
        assertThatThrownBy(() -> Schema.parse("{\"name\":\"x\",\"fields\":[{\"name\":\"a\",\"type\":\"integer\"}]}"))
                .hasMessageContaining("either \"bits\"");
        assertThatThrownBy(() -> Schema.parse("{\"name\":\"x\",\"fields\":[{\"name\":\"a\",\"type\":\"integer\","
                + "\"min\":5,\"max\":1}]}")).hasMessageContaining("min 5 is greater than max 1");
        assertThatThrownBy(() -> Schema.parse("{\"name\":\"x\",\"fields\":[{\"name\":\"salt\",\"type\":\"boolean\"}]}"))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> Schema.parse("{\"name\":\"x\",\"fields\":[{\"name\":\"a\",\"type\":\"boolean\"},"
                + "{\"name\":\"a\",\"type\":\"boolean\"}]}")).hasMessageContaining("declared twice");
        assertThatThrownBy(() -> Schema.parse("{not json")).hasMessageContaining("not valid JSON");
    }
}
