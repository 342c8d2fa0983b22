package cloud.patchmon.api.agents;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * Puts {@link AgentBodyConverter} first, so it reads the agent bodies before the application's
 * Jackson converter could. It is no {@code MappingJackson2HttpMessageConverter} bean: one would
 * replace Boot's own converter for every endpoint.
 */
@Configuration(proxyBeanMethods = false)
public class AgentBodyConfiguration implements WebMvcConfigurer {

    private final ObjectMapper json;

    public AgentBodyConfiguration(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.add(0, new AgentBodyConverter(json));
    }
}
